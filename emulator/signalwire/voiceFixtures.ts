import { fixtureUuid } from '../fixtures';
import { deterministicFile, sha256Hex } from '../prng';

/** A finished call of the project's history (list, get, delete; its recordings are listed too). */
export interface SwCallFixture {
	sid: string;
	direction: 'inbound' | 'outbound-api';
	from: string;
	to: string;
	status: 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
	startTime: Date;
	/** Seconds; 0 for a call that was never answered. */
	duration: number;
}

export interface SwRecordingFixture {
	sid: string;
	callSid: string;
	source: string;
	startTime: Date;
	/** Seconds of audio. */
	duration: number;
}

export type RecordingFormat = 'wav' | 'mp3';

export const RECORDING_MIME: Record<RecordingFormat, string> = {
	wav: 'audio/x-wav',
	mp3: 'audio/mpeg',
};

/** 8 kHz 16-bit mono PCM, the telephone audio SignalWire records. */
const WAV_BYTES_PER_SECOND = 16_000;
/** 32 kbit/s MP3. */
const MP3_BYTES_PER_SECOND = 4_000;

function wavHeader(dataBytes: number): Buffer {
	const h = Buffer.alloc(44);
	h.write('RIFF', 0, 'ascii');
	h.writeUInt32LE(36 + dataBytes, 4);
	h.write('WAVEfmt ', 8, 'ascii');
	h.writeUInt32LE(16, 16);
	h.writeUInt16LE(1, 20); // PCM
	h.writeUInt16LE(1, 22); // mono
	h.writeUInt32LE(8_000, 24);
	h.writeUInt32LE(WAV_BYTES_PER_SECOND, 28);
	h.writeUInt16LE(2, 32);
	h.writeUInt16LE(16, 34);
	h.write('data', 36, 'ascii');
	h.writeUInt32LE(dataBytes, 40);
	return h;
}

/** ID3v2.4 tag header (no frames) followed by an MPEG-1 Layer III frame sync. */
const MP3_PREFIX = Buffer.from([
	0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfb, 0x50, 0xc4,
]);

/** The media of a recording: deterministic per sid, format and duration, so tests recompute its hash. */
export function recordingBytes(sid: string, format: RecordingFormat, seconds: number): Buffer {
	const audioSeconds = Math.max(1, seconds);
	if (format === 'wav') {
		const data = audioSeconds * WAV_BYTES_PER_SECOND;
		return deterministicFile(`sw-recording:${sid}:wav`, 44 + data, wavHeader(data));
	}
	return deterministicFile(
		`sw-recording:${sid}:mp3`,
		audioSeconds * MP3_BYTES_PER_SECOND,
		MP3_PREFIX,
	);
}

export function recordingBytesSha256(sid: string, format: RecordingFormat, seconds: number) {
	return sha256Hex(recordingBytes(sid, format, seconds));
}

/**
 * The project's call history: 12 finished calls on 2025-06-02..04 (4 a day, alternating direction,
 * between `secondProject` and `customer`), and one recording per answered call (the second answered
 * call has two). Newest first in lists, as SignalWire sorts them.
 */
export function signalWireVoiceFixtures(numbers: { secondProject: string; customer: string }) {
	const statuses: SwCallFixture['status'][] = [
		'completed',
		'completed',
		'no-answer',
		'completed',
		'busy',
		'completed',
	];
	const calls: SwCallFixture[] = Array.from({ length: 12 }, (_, i) => {
		const outbound = i % 2 === 0;
		// The second number only, so the calls a test places from `project` are all a filter finds.
		const own = numbers.secondProject;
		const status = statuses[i % statuses.length]!;
		return {
			sid: fixtureUuid(`sw-call:history-${i}`),
			direction: outbound ? 'outbound-api' : 'inbound',
			from: outbound ? own : numbers.customer,
			to: outbound ? numbers.customer : own,
			status,
			startTime: new Date(Date.UTC(2025, 5, 2 + Math.floor(i / 4), 9 + (i % 4) * 2, 15, 0)),
			duration: status === 'completed' ? 20 + i * 7 : 0,
		};
	});
	const recorded = calls.filter((c) => c.status === 'completed');
	const recordings: SwRecordingFixture[] = recorded.map((call, i) => ({
		sid: fixtureUuid(`sw-recording:history-${i}`),
		callSid: call.sid,
		source: call.direction === 'inbound' ? 'RecordVerb' : 'OutboundAPI',
		startTime: new Date(call.startTime.getTime() + 3_000),
		duration: Math.max(1, Math.min(12, call.duration - 5)),
	}));
	const second = recorded[1]!;
	recordings.push({
		sid: fixtureUuid('sw-recording:history-extra'),
		callSid: second.sid,
		source: 'StartCallRecordingApi',
		startTime: new Date(second.startTime.getTime() + 10_000),
		duration: 4,
	});
	return {
		calls,
		recordings,
		/** Voice-only destinations: a call to `noAnswer` rings until its Timeout, one to `busy` ends busy. */
		numbers: { noAnswer: '+15557650002', busy: '+15557650003' },
		unknownCallSid: fixtureUuid('sw-call:unknown'),
		unknownRecordingSid: fixtureUuid('sw-recording:unknown'),
	};
}
