import { mediaStreamingOperation } from './mediaStreaming';

export const { description, execute } = mediaStreamingOperation('startMediaStreaming');
