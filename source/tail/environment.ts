import {availableParallelism} from 'node:os';
import {lstatSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {secretBackend, type CommandFacts} from '../core/command-keys.js';
import {policyVersion, proxySettings, runtimeSettings, secretsSettings} from '../core/policy-settings.js';
import {TUNING_KEY_SET, tuningSnapshot} from '../core/suggestions/tuning.js';
import type {EnvironmentOutput, ProdexEnvironment} from '../core/environment-json.js';
import type {Options, SourceOption} from '../options.js';
import {pathExists, processEnv, resolveLogDir, resolveProdexHome, type LocateEnv} from './locate.js';
import {readPolicyFile} from './policy.js';


/** The only `policy.toml` version prodex reads. */
const POLICY_VERSION = 1;

/** Entries read from the import-journal directory at most (a bound, not a prodex rule). */
const MAX_JOURNAL_ENTRIES = 100_000;

/** A journal's name as prodex accepts it: a safe stem (ASCII letters, digits, `-_.`) and `.json`. */
const JOURNAL_NAME = /^[A-Za-z0-9._-]+\.json$/;

/** Orphaned import journals; names prodex would refuse are not counted (prodex then fails the whole doctor). */
function countJournals(prodexHome: string): number {
	const dir = join(prodexHome, 'profile-import-auth-journal');
	try {
		if (!lstatSync(dir).isDirectory()) return 0;
		let count = 0;
		for (const entry of readdirSync(dir, {withFileTypes: true}).slice(0, MAX_JOURNAL_ENTRIES)) if (entry.isFile() && JOURNAL_NAME.test(entry.name) && !/^\.{1,2}\.json$/.test(entry.name)) count++;
		return count;
	} catch {
		return 0;
	}
}


/**
 * Read the environment once (docs/policy.md §3, §5): `policy.toml` (bounded), the environment
 * variables prodex reads, the log and audit directories, the import journals. Read-only.
 */
export function readProdexEnvironment(source: SourceOption, prodexHomeFlag: string | undefined, where: LocateEnv, parallelism = availableParallelism()): ProdexEnvironment {
	const home = resolveProdexHome(prodexHomeFlag, where);
	const file = readPolicyFile(home);
	const doc = file.kind === 'read' ? file.doc : new Map();
	const version = file.kind === 'read' ? policyVersion(doc) : null;
	const policyError =
		file.kind === 'refused'
			? `policy.toml was not read: ${file.reason}`
			: file.kind === 'read' && version === null
				? 'policy.toml has no valid `version`'
				: file.kind === 'read' && version !== POLICY_VERSION
					? `unsupported prodex policy version ${version} in ${file.path}; expected ${POLICY_VERSION}`
					: null;
	const logDir = source.kind === 'dir' && source.dir !== null ? source.dir : resolveLogDir(home, where).dir;
	const formatEnv = where.env.PRODEX_RUNTIME_LOG_FORMAT?.trim().toLowerCase();
	const logFormat = formatEnv === 'text' || formatEnv === 'json' ? formatEnv : (runtimeSettings(doc)?.logFormat ?? 'text');
	const auditOverride = where.env.PRODEX_AUDIT_LOG_DIR;
	const auditDir = auditOverride !== undefined && auditOverride !== '' ? auditOverride : logDir;
	const auditPath = join(auditDir, 'prodex-audit.log');
	const command: CommandFacts = {
		logDir,
		logFormat,
		auditDir,
		auditPath,
		auditExists: pathExists(auditPath),
		policy: file.kind === 'read' && version === POLICY_VERSION ? {path: file.path, version} : null,
		policyError,
		secretBackend: secretBackend(where.env, secretsSettings(doc)),
		importAuthJournals: countJournals(home),
	};
	// A policy prodex refuses leaves it without a runtime configuration: nothing to compare against.
	const tuning = policyError === null ? tuningSnapshot({parallelism, env: where.env, policy: file.kind === 'read' ? proxySettings(doc, TUNING_KEY_SET) : null}) : {errors: [policyError]};
	return {command, tuning};
}

/** The environment of this process for a run's outputs, with its `--suggest-policy` choice. */
export function environmentOutput(options: Pick<Options, 'source' | 'prodexHome' | 'suggestPolicy'>): EnvironmentOutput {
	return {environment: readProdexEnvironment(options.source, options.prodexHome, processEnv()), suggestPolicy: options.suggestPolicy};
}
