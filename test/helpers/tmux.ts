import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';

/** A detached tmux session running a command, driven like a person would: keys in, screen out. */
export class TmuxSession {
	constructor(readonly name: string) {}

	/** Start `command` in a new detached session of `columns` × `rows`. */
	/** `env` values: a string is exported, `null` unsets the variable. */
	static start(name: string, command: string, columns: number, rows: number, env: Record<string, string | null> = {}): TmuxSession {
		new TmuxSession(name).kill();
		const exports = Object.entries(env).map(([key, value]) => (value === null ? `unset ${key}; ` : `export ${key}='${value.replaceAll("'", "'\\''")}'; `)).join('');
		execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), `${exports}${command}; echo EXITED rc=$?; sleep 60`]);
		return new TmuxSession(name);
	}

	/** The visible screen as plain text. */
	capture(): string {
		return execFileSync('tmux', ['capture-pane', '-t', this.name, '-p'], {encoding: 'utf8'});
	}

	/** The screen plus the scrollback above it (what stays after the program exits). */
	captureWithHistory(): string {
		return execFileSync('tmux', ['capture-pane', '-t', this.name, '-p', '-S', '-200'], {encoding: 'utf8'});
	}

	/** Send tmux key names (`Tab`, `Escape`, `Enter`, `q`, ...). */
	keys(...keys: string[]): void {
		execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
	}

	resize(columns: number, rows: number): void {
		execFileSync('tmux', ['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
	}

	/** Append every byte the program writes to the pane to `file` (tmux pipe-pane), raw: escape sequences included. */
	pipeOutput(file: string): void {
		execFileSync('tmux', ['pipe-pane', '-t', this.name, '-O', `cat >> '${file.replaceAll("'", "'\\''")}'`]);
	}

	/** A tmux format value of the pane, e.g. `#{pane_title}`. */
	display(format: string): string {
		return execFileSync('tmux', ['display-message', '-t', this.name, '-p', format], {encoding: 'utf8'}).trim();
	}

	/** Poll the screen until `pattern` shows, or the screen passes the check (never a fixed sleep). */
	async waitFor(pattern: RegExp | string | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
		const start = Date.now();
		for (;;) {
			const screen = this.capture();
			if (typeof pattern === 'string' ? screen.includes(pattern) : typeof pattern === 'function' ? pattern(screen) : pattern.test(screen)) return screen;
			if (Date.now() - start > timeoutMs) throw new Error(`tmux: ${String(pattern)} never showed; screen:\n${screen}`);
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	}

	kill(): void {
		try {
			execFileSync('tmux', ['kill-session', '-t', this.name], {stdio: 'ignore'});
		} catch {
			// Already gone.
		}
	}
}

/** The processes whose parent is `pid` (read from /proc, so no procps is needed). */
export function childrenOf(pid: number): number[] {
	const children: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// /proc/N/stat: "N (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === pid) children.push(Number(entry));
		} catch {
			// The process ended while we looked.
		}
	}
	return children;
}
