/**
 * What the operations of this node send requests with: a connection per item (the user's space, the
 * project's credentials, retries) and the paging that follows SignalWire's next_page_uri.
 */
export { connectSignalWire, type SignalWireConnection } from '../../shared/signalwire/connect';
export { isSignalWireHost } from '../../shared/signalwire/space';
export { collectPages, readPaging, signalWirePage } from '../../shared/paging';
export type { Operation, Resource } from '../../shared/resources';
