import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { buildCxml, cxmlProblem, escapeXml, type CxmlVerb } from '../../shared/signalwire/cxml';

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

/** The document as a real XML parser reads it: the children of <Response>, in order. */
function parseVerbs(document: string): Node[] {
	expect(XMLValidator.validate(document)).toBe(true);
	const parser = new XMLParser({
		preserveOrder: true,
		ignoreAttributes: false,
		attributeNamePrefix: '',
		parseTagValue: false,
		parseAttributeValue: false,
		trimValues: false,
		processEntities: true,
	});
	const top = (parser.parse(document) as Node[]).filter((node) => !('?xml' in node));
	expect(top).toHaveLength(1);
	return top[0].Response as Node[];
}

const nameOf = (node: Node) => Object.keys(node).find((key) => key !== ':@');
const textOf = (node: Node) =>
	((node[nameOf(node)!] as Node[]) ?? []).map((child) => String(child['#text'] ?? '')).join('');

const HOSTILE = `Hi</Say><Hangup/><Say a="1">'x' & "y" <Dial>+15550000000</Dial> ]]> &amp;`;

describe('buildCxml', () => {
	it('writes the declaration, one <Response> and every verb in order with its attributes', () => {
		const verbs: CxmlVerb[] = [
			{ verb: 'Say', text: 'Hello', voice: 'woman', language: 'en-US', loop: 2 },
			{ verb: 'Play', url: 'https://example.com/a.mp3?x=1&y=2' },
			{ verb: 'Pause', length: 3 },
			{
				verb: 'Gather',
				numDigits: 1,
				action: 'https://example.com/gather?a=1&b=2',
				timeout: 5,
				input: 'dtmf',
				finishOnKey: '#',
				prompt: [
					{ verb: 'Say', text: 'Press 1' },
					{ verb: 'Play', url: 'https://example.com/b.wav' },
				],
			},
			{
				verb: 'Record',
				action: 'https://example.com/rec',
				maxLength: 30,
				playBeep: false,
				recordingStatusCallback: 'https://example.com/recstatus',
				timeout: 4,
				finishOnKey: '*',
			},
			{
				verb: 'Dial',
				to: '+15557654321',
				callerId: '+15551234567',
				timeout: 20,
				record: 'record-from-answer',
			},
			{ verb: 'Dial', to: 'sip:alice@example.com' },
			{ verb: 'Redirect', url: 'https://example.com/next', method: 'GET' },
			{ verb: 'Hangup' },
		];
		const document = buildCxml(verbs);
		expect(document.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response>')).toBe(true);
		expect(cxmlProblem(document)).toBeUndefined();
		const parsed = parseVerbs(document);
		expect(parsed.map(nameOf)).toEqual(verbs.map((verb) => verb.verb));
		expect(textOf(parsed[0])).toBe('Hello');
		expect(parsed[0][':@']).toEqual({ voice: 'woman', language: 'en-US', loop: '2' });
		expect(textOf(parsed[1])).toBe('https://example.com/a.mp3?x=1&y=2');
		expect(parsed[2][':@']).toEqual({ length: '3' });
		expect(parsed[3][':@']).toEqual({
			input: 'dtmf',
			numDigits: '1',
			timeout: '5',
			finishOnKey: '#',
			action: 'https://example.com/gather?a=1&b=2',
		});
		expect((parsed[3].Gather as Node[]).map(nameOf)).toEqual(['Say', 'Play']);
		expect(parsed[4][':@']).toEqual({
			action: 'https://example.com/rec',
			maxLength: '30',
			timeout: '4',
			finishOnKey: '*',
			playBeep: 'false',
			recordingStatusCallback: 'https://example.com/recstatus',
		});
		expect((parsed[5].Dial as Node[]).map(nameOf)).toEqual(['Number']);
		expect(textOf((parsed[5].Dial as Node[])[0])).toBe('+15557654321');
		expect(parsed[5][':@']).toEqual({
			callerId: '+15551234567',
			timeout: '20',
			record: 'record-from-answer',
		});
		expect((parsed[6].Dial as Node[]).map(nameOf)).toEqual(['Sip']);
		expect(textOf(parsed[7])).toBe('https://example.com/next');
	});

	it('writes an empty <Response/> for no verbs', () => {
		expect(buildCxml([])).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
		expect(parseVerbs(buildCxml([]))).toEqual([]);
	});

	it('keeps user text with < & " \' as text: no verb is added, closed or changed', () => {
		const document = buildCxml([
			{ verb: 'Say', text: HOSTILE, voice: `x" loop="9`, language: "en'US" },
			{
				verb: 'Gather',
				action: `https://e.com/"/><Hangup/>`,
				prompt: [{ verb: 'Say', text: HOSTILE }],
			},
		]);
		expect(cxmlProblem(document)).toBeUndefined();
		const parsed = parseVerbs(document);
		expect(parsed.map(nameOf)).toEqual(['Say', 'Gather']);
		expect(textOf(parsed[0])).toBe(HOSTILE);
		expect(parsed[0][':@']).toEqual({ voice: `x" loop="9`, language: "en'US" });
		expect(parsed[1][':@']).toEqual({ action: `https://e.com/"/><Hangup/>` });
		expect((parsed[1].Gather as Node[]).map(nameOf)).toEqual(['Say']);
		expect(textOf((parsed[1].Gather as Node[])[0])).toBe(HOSTILE);
	});

	it('drops characters XML forbids instead of producing a document SignalWire refuses', () => {
		const document = buildCxml([{ verb: 'Say', text: 'a\u0000b\u0007c\ud800d\te' }]);
		expect(textOf(parseVerbs(document)[0])).toBe('abcd\te');
	});
});

describe('escapeXml', () => {
	it('escapes the five markup characters', () => {
		expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
			'&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;',
		);
	});
});

describe('cxmlProblem', () => {
	const valid = [
		'<Response/>',
		'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say voice="woman">Hi &amp; bye &#39;x&#x27;</Say>\n</Response>\n',
		'<Response><!-- a comment --><Say><![CDATA[<not a tag> & raw]]></Say><Hangup /></Response>',
		`<Response><Gather action='https://e.com/a?x=1&amp;y=2' numDigits="1"><Say>a > b</Say></Gather></Response>`,
		'<Response><Redirect method="POST">https://e.com/a>b</Redirect></Response>',
	];
	it.each(valid)('accepts %s, as a real parser does', (document) => {
		expect(XMLValidator.validate(document)).toBe(true);
		expect(cxmlProblem(document)).toBeUndefined();
	});

	const invalid: Array<[string, string]> = [
		['', 'no <Response>'],
		['Hello', 'text outside'],
		['<Response>', 'not closed'],
		['<Response><Say>Hi</Response>', 'closes <Say>'],
		['<Response><Say>Hi & bye</Say></Response>', 'not escaped'],
		['<Response><Say>a < b</Say></Response>', 'malformed'],
		['<Response><Say voice=woman>Hi</Say></Response>', 'malformed'],
		['<Response><Say voice="a" voice="b">Hi</Say></Response>', 'twice'],
		['<Response/><Response/>', 'more than one root'],
		['<Say>Hi</Say>', 'not <Response>'],
		['<Response></Say></Response>', 'closes <Response>'],
		['<!DOCTYPE x [<!ENTITY a "b">]><Response/>', 'document type'],
		['<Response><!-- open </Response>', 'comment'],
		['<Response/>trailing', 'text outside'],
		['<Response><Say>x</Say></Response><?xml version="1.0"?>', 'processing instruction'],
	];
	it.each(invalid)('refuses %s (%s)', (document, reason) => {
		expect(cxmlProblem(document)).toContain(reason);
	});
});
