import { faultInjectionSuite, operations } from './faults';

faultInjectionSuite(
	'Fault injection (SignalWire)',
	operations.filter((operation) => operation.name.startsWith('SignalWire')),
);
