import { mediaStreamingOperation } from './mediaStreaming';

export const { description, execute } = mediaStreamingOperation('stopMediaStreaming');
