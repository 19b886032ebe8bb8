import type {JsonOut} from './json-out.js';

/**
 * The keys prodex's `doctor --runtime --json` adds around the runtime summary (docs/policy.md §5):
 * where the runtime and audit logs go, the policy file, the secret backend and orphaned import
 * journals. prodex-top gathers the facts from files and the environment only (source/tail/
 * environment.ts); it never runs prodex, contacts a broker or repairs anything.
 */
export type CommandFacts = {
	readonly logDir: string;
	readonly logFormat: 'text' | 'json';
	readonly auditDir: string;
	readonly auditPath: string;
	readonly auditExists: boolean;
	/** `policy.toml` and its `version`; null when there is none. */
	readonly policy: {readonly path: string; readonly version: number} | null;
	/** Why a `policy.toml` that exists could not be summarised. */
	readonly policyError: string | null;
	readonly secretBackend: SecretBackend;
	/** Regular files in `<prodex home>/profile-import-auth-journal/`. */
	readonly importAuthJournals: number;
};

export type SecretBackend = {readonly backend: 'file' | 'keyring'; readonly keyringService: string | null} | {readonly error: string};

/** prodex's secret backend choice: $PRODEX_SECRET_BACKEND, else `[secrets] backend`, else file. */
export function secretBackend(env: Readonly<Record<string, string | undefined>>, policy: {readonly backend: string | null; readonly keyringService: string | null}): SecretBackend {
	const invalid = {error: 'invalid secret location'};
	const text = env.PRODEX_SECRET_BACKEND ?? policy.backend;
	let backend: 'file' | 'keyring' = 'file';
	if (text !== null) {
		if (text !== text.trim()) return invalid;
		const name = text.toLowerCase();
		if (name !== 'file' && name !== 'keyring') return invalid;
		backend = name;
	}
	if (backend === 'file') return {backend, keyringService: null};
	const service = env.PRODEX_SECRET_KEYRING_SERVICE ?? policy.keyringService;
	return service === null || service.trim() === '' ? invalid : {backend, keyringService: service};
}

export function commandJson(facts: CommandFacts): Record<string, JsonOut> {
	const secret: JsonOut = 'error' in facts.secretBackend ? {error: facts.secretBackend.error, invalid: true} : {backend: facts.secretBackend.backend, keyring_service: facts.secretBackend.keyringService};
	return {
		audit_logs: {directory: facts.auditDir, exists: facts.auditExists, path: facts.auditPath},
		import_auth_journals: {orphan_count: facts.importAuthJournals, repair_performed: false, repaired: 0, status: facts.importAuthJournals > 0 ? 'warning' : 'ok'},
		runtime_logs: {directory: facts.logDir, format: facts.logFormat},
		runtime_policy: facts.policy === null ? null : {path: facts.policy.path, version: facts.policy.version},
		...(facts.policyError === null ? {} : {runtime_policy_error: facts.policyError}),
		secret_backend: secret,
	};
}
