/**
 * What the operations of this node send requests with: a connection per item (endpoint, API version,
 * authentication, retries) and the paging that follows the service's next links.
 */
export { connectAcs } from '../../shared/acs/connect';
export { azurePage, collectPages, readPaging } from '../../shared/paging';
export type { Operation, Resource } from '../../shared/resources';
export { connectRecordingStorage } from '../../shared/acs/connect';
