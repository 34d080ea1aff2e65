/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * Redis and PostgreSQL for n8n's queue mode, run as plain processes on free loopback ports inside a work
 * folder (no systemd, no docker; Debian's default cluster is ignored). Each service is stopped by the PID
 * this module started.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';

import { say } from './log';
import { freePort, run, startBackground } from './proc';

export interface Service {
	name: string;
	pid: number;
	port: number;
	stop(): Promise<void>;
}

const POSTGRES_ROOT = '/usr/lib/postgresql';

/** The newest PostgreSQL server's bin folder Debian installed (`/usr/lib/postgresql/<major>/bin`). */
function postgresBin(): string | undefined {
	if (!existsSync(POSTGRES_ROOT)) return undefined;
	const majors = readdirSync(POSTGRES_ROOT)
		.filter((name) => existsSync(join(POSTGRES_ROOT, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? join(POSTGRES_ROOT, majors[0], 'bin') : undefined;
}

async function onPath(command: string): Promise<boolean> {
	return (await run('sh', ['-c', `command -v ${command}`], { check: false })).code === 0;
}

/** Debian's `redis-server` and `postgresql`, installed with apt-get when missing (CI runs as root). */
export async function ensureServicePackages(): Promise<{ redisServer: string; pgBin: string }> {
	const missing: string[] = [];
	if (!(await onPath('redis-server'))) missing.push('redis-server');
	if (!postgresBin()) missing.push('postgresql');
	if (missing.length) {
		if (process.getuid?.() !== 0) {
			throw new Error(
				`${missing.join(' and ')} missing: install them (sudo apt-get install -y ${missing.join(' ')}) or run as root`,
			);
		}
		say(`  apt-get install ${missing.join(' ')}`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		await run('apt-get', ['update', '-qq'], { env, timeoutMs: 600_000 });
		await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
			env,
			timeoutMs: 900_000,
		});
	}
	const redisServer = (await run('sh', ['-c', 'command -v redis-server'])).stdout.trim();
	const pgBin = postgresBin();
	if (!pgBin) throw new Error(`no PostgreSQL server under ${POSTGRES_ROOT} after installing it`);
	return { redisServer, pgBin };
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
}

/** True when Redis on 127.0.0.1:port answers PING with PONG. */
async function redisPong(port: number): Promise<boolean> {
	return await new Promise<boolean>((resolve) => {
		const socket = connect(port, '127.0.0.1');
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (chunk: Buffer) => done(chunk.toString().startsWith('+PONG')));
	});
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill(signal);
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}

export async function startRedis(redisServer: string, dir: string): Promise<Service> {
	await mkdir(dir, { recursive: true });
	const port = await freePort();
	const child = startBackground(
		redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--logfile',
			join(dir, 'redis.log'),
		],
		{ cwd: dir },
	);
	await waitUntil(
		`redis-server on port ${port}`,
		async () => {
			if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
			return await redisPong(port);
		},
		20_000,
	);
	return { name: 'redis', pid: child.pid!, port, stop: async () => await stopChild(child) };
}

export interface Postgres extends Service {
	database: string;
	user: string;
	password: string;
	/** Runs SQL as the superuser over the cluster's Unix socket; returns psql's unaligned output. */
	sql(statement: string, database?: string): Promise<string>;
}

/**
 * A fresh cluster (initdb) in `dir`, started with pg_ctl on a free port, listening on 127.0.0.1 only, with
 * a role and database for n8n. PostgreSQL refuses to run as root, so as root it runs as user `postgres`.
 */
export async function startPostgres(pgBin: string, dir: string): Promise<Postgres> {
	const asRoot = process.getuid?.() === 0;
	const asServiceUser = async (command: string, args: string[]) =>
		asRoot
			? await run('runuser', ['-u', 'postgres', '--', join(pgBin, command), ...args], {
					cwd: '/',
					timeoutMs: 120_000,
				})
			: await run(join(pgBin, command), args, { timeoutMs: 120_000 });
	await mkdir(dir, { recursive: true });
	if (asRoot) {
		await run('chown', ['postgres:postgres', dir]);
		await chmod(dir, 0o700);
	}
	const data = join(dir, 'data');
	const port = await freePort();
	await asServiceUser('initdb', [
		'-D',
		data,
		'-U',
		'postgres',
		'--auth-local=trust',
		'--auth-host=scram-sha-256',
		'-E',
		'UTF8',
		'--no-instructions',
	]);
	await asServiceUser('pg_ctl', [
		'-D',
		data,
		'-l',
		join(dir, 'postgres.log'),
		'-o',
		`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
		'-w',
		'start',
	]);
	const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
	const sql = async (statement: string, database = 'postgres') =>
		(
			await asServiceUser('psql', [
				'-h',
				dir,
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				database,
				'-v',
				'ON_ERROR_STOP=1',
				'-At',
				'-c',
				statement,
			])
		).stdout.trim();
	const stop = async () => {
		// SIGINT is PostgreSQL's "fast" shutdown: it ends sessions and exits cleanly.
		try {
			process.kill(pid, 'SIGINT');
		} catch {
			return;
		}
		await waitUntil(
			`PostgreSQL (pid ${pid}) to stop`,
			async () => {
				try {
					process.kill(pid, 0);
					return false;
				} catch {
					return true;
				}
			},
			30_000,
		);
	};
	const database = 'n8n';
	const user = 'n8n';
	const password = `n8n-${port}-e2e`;
	try {
		await sql(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
		await sql(`CREATE DATABASE ${database} OWNER ${user}`);
	} catch (error) {
		await stop();
		throw error;
	}
	return { name: 'postgres', pid, port, database, user, password, sql, stop };
}
