import { faultInjectionSuite, operations } from './faults';

faultInjectionSuite(
	'Fault injection (ACS)',
	operations.filter((operation) => operation.name.startsWith('ACS')),
);
