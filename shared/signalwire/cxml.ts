/**
 * cXML (SignalWire's LaML, TwiML-compatible) documents: built from verbs with every text and attribute
 * escaped, so user text can never add or close a verb; and a well-formedness check for documents users
 * write themselves, since SignalWire refuses a call's document that is not XML (error 12100) only once
 * the call is already ringing.
 */

type Attributes = Record<string, string | number | boolean | undefined>;

export interface SayVerb {
	verb: 'Say';
	text: string;
	voice?: string;
	language?: string;
	loop?: number;
}

export interface PlayVerb {
	verb: 'Play';
	url: string;
	loop?: number;
}

export interface PauseVerb {
	verb: 'Pause';
	length?: number;
}

export interface GatherVerb {
	verb: 'Gather';
	numDigits?: number;
	action?: string;
	method?: 'GET' | 'POST';
	timeout?: number;
	input?: 'dtmf' | 'speech' | 'dtmf speech';
	finishOnKey?: string;
	/** What is said or played while digits are awaited. */
	prompt?: Array<SayVerb | PlayVerb | PauseVerb>;
}

export interface RecordVerb {
	verb: 'Record';
	action?: string;
	method?: 'GET' | 'POST';
	maxLength?: number;
	playBeep?: boolean;
	recordingStatusCallback?: string;
	timeout?: number;
	finishOnKey?: string;
}

export interface DialVerb {
	verb: 'Dial';
	/** An E.164 number, or a `sip:` address (dialled with <Sip>). */
	to: string;
	callerId?: string;
	timeout?: number;
	record?: 'do-not-record' | 'record-from-answer' | 'record-from-ringing';
}

export interface HangupVerb {
	verb: 'Hangup';
}

export interface RedirectVerb {
	verb: 'Redirect';
	url: string;
	method?: 'GET' | 'POST';
}

export type CxmlVerb =
	| SayVerb
	| PlayVerb
	| PauseVerb
	| GatherVerb
	| RecordVerb
	| DialVerb
	| HangupVerb
	| RedirectVerb;

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Text as XML character data or an attribute value: the five markup characters as entities, and the
 * characters XML 1.0 forbids outright (most control characters, lone surrogates) dropped, because a
 * parser refuses the whole document over them.
 */
export function escapeXml(text: string): string {
	return (
		text
			// eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids
			.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
			.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			.replace(/"/g, '&quot;')
			.replace(/'/g, '&apos;')
	);
}

function element(name: string, attributes: Attributes, content?: string): string {
	const written = Object.entries(attributes)
		.filter(([, value]) => value !== undefined && value !== '')
		.map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
		.join('');
	return content === undefined || content === ''
		? `<${name}${written}/>`
		: `<${name}${written}>${content}</${name}>`;
}

function verbXml(verb: CxmlVerb): string {
	switch (verb.verb) {
		case 'Say':
			return element(
				'Say',
				{ voice: verb.voice, language: verb.language, loop: verb.loop },
				escapeXml(verb.text),
			);
		case 'Play':
			return element('Play', { loop: verb.loop }, escapeXml(verb.url));
		case 'Pause':
			return element('Pause', { length: verb.length });
		case 'Gather':
			return element(
				'Gather',
				{
					input: verb.input,
					numDigits: verb.numDigits,
					timeout: verb.timeout,
					finishOnKey: verb.finishOnKey,
					action: verb.action,
					method: verb.method,
				},
				(verb.prompt ?? []).map(verbXml).join(''),
			);
		case 'Record':
			return element('Record', {
				action: verb.action,
				method: verb.method,
				maxLength: verb.maxLength,
				timeout: verb.timeout,
				finishOnKey: verb.finishOnKey,
				playBeep: verb.playBeep,
				recordingStatusCallback: verb.recordingStatusCallback,
			});
		case 'Dial':
			return element(
				'Dial',
				{ callerId: verb.callerId, timeout: verb.timeout, record: verb.record },
				element(/^sips?:/i.test(verb.to) ? 'Sip' : 'Number', {}, escapeXml(verb.to)),
			);
		case 'Hangup':
			return '<Hangup/>';
		case 'Redirect':
			return element('Redirect', { method: verb.method }, escapeXml(verb.url));
	}
}

/** A complete cXML document: the XML declaration and a <Response> holding the verbs in order. */
export function buildCxml(verbs: CxmlVerb[]): string {
	return `${XML_DECLARATION}${element('Response', {}, verbs.map(verbXml).join(''))}`;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
/** A start tag: its name, its attributes (quoted values may hold `>`), and whether it closes itself. */
const START_TAG = /^<([A-Za-z_:][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/;

/** Character data without markup: every `&` starts a known entity, no `<`, no `]]>`. */
function textProblem(text: string): string | undefined {
	if (text.includes(']]>')) return '"]]>" appears in text';
	for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
		if (!ENTITY.test(text.slice(at))) return `"&" at "${text.slice(at, at + 12)}" is not escaped`;
	}
	return undefined;
}

/** `name="value"` pairs of a start tag, each name once, values quoted and free of `<`. */
function attributesProblem(source: string): string | undefined {
	const seen = new Set<string>();
	let rest = source;
	while ((rest = rest.trimStart()) !== '') {
		const name = NAME.exec(rest)?.[0];
		if (!name) return `unexpected "${rest.slice(0, 12)}" in a tag`;
		const match = /^\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(rest.slice(name.length));
		if (!match) return `attribute ${name} has no quoted value`;
		if (seen.has(name)) return `attribute ${name} appears twice`;
		seen.add(name);
		const value = match[1] ?? match[2];
		if (value.includes('<')) return `attribute ${name} contains "<"`;
		const problem = textProblem(value.replace(/]]>/g, ''));
		if (problem) return `attribute ${name}: ${problem}`;
		rest = rest.slice(name.length + match[0].length);
	}
	return undefined;
}

/**
 * Why a cXML document is not one SignalWire can run: not well-formed XML, or its root is not one
 * <Response>. Undefined when it is fine. Document types are refused (cXML has none, and they bring
 * entity expansion).
 */
export function cxmlProblem(document: string): string | undefined {
	let rest = document.replace(/^\ufeff/, '');
	const declaration = /^<\?xml\s[^?]*\?>/.exec(rest);
	if (declaration) rest = rest.slice(declaration[0].length);
	const open: string[] = [];
	let root: string | undefined;
	while (rest !== '') {
		const lt = rest.indexOf('<');
		const text = lt === -1 ? rest : rest.slice(0, lt);
		if (text !== '') {
			if (open.length === 0 && text.trim() !== '') return 'there is text outside <Response>';
			const problem = textProblem(text);
			if (problem) return problem;
			rest = rest.slice(text.length);
			continue;
		}
		if (rest.startsWith('<!--')) {
			const end = rest.indexOf('-->', 4);
			if (end === -1 || rest.slice(4, end).includes('--')) return 'a comment is not closed';
			rest = rest.slice(end + 3);
		} else if (rest.startsWith('<![CDATA[')) {
			if (open.length === 0) return 'CDATA appears outside <Response>';
			const end = rest.indexOf(']]>');
			if (end === -1) return 'a CDATA section is not closed';
			rest = rest.slice(end + 3);
		} else if (rest.startsWith('<!')) {
			return 'document type declarations are not allowed in cXML';
		} else if (rest.startsWith('<?')) {
			const end = rest.indexOf('?>');
			if (end === -1 || /^<\?xml[\s?]/i.test(rest)) return 'a processing instruction is misplaced';
			rest = rest.slice(end + 2);
		} else if (rest.startsWith('</')) {
			const match = /^<\/([A-Za-z_:][\w.:-]*)\s*>/.exec(rest);
			if (!match) return 'an end tag is malformed';
			const expected = open.pop();
			if (expected !== match[1])
				return expected ? `</${match[1]}> closes <${expected}>` : `</${match[1]}> has no start tag`;
			rest = rest.slice(match[0].length);
		} else {
			const match = START_TAG.exec(rest);
			if (!match) return `the tag at "${rest.slice(0, 20)}" is malformed or not closed`;
			const [tag, name, attributes, selfClosing] = match;
			const problem = attributesProblem(attributes);
			if (problem) return problem;
			if (open.length === 0) {
				if (root !== undefined) return 'there is more than one root element';
				if (name !== 'Response') return `the root element is <${name}>, not <Response>`;
				root = name;
			}
			if (!selfClosing) open.push(name);
			rest = rest.slice(tag.length);
		}
	}
	if (open.length > 0) return `<${open[open.length - 1]}> is not closed`;
	if (root === undefined) return 'there is no <Response> element';
	return undefined;
}
