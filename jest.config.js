/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	testTimeout: 60_000,
	// Workflow and fault tests mostly wait on sockets and back-off sleeps, so both cores pay off.
	maxWorkers: 2,
};
