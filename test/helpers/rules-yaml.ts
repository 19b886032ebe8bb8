/**
 * Values of one key (`expr`, `series`, ...) in a Prometheus rules or rule-test YAML file, without
 * a YAML library: plain and quoted one-line values, and block scalars (`|`, `|-`, `>`, `>-`)
 * joined with spaces (PromQL does not care). Only the subset contrib/prometheus/ writes; callers
 * check the count against the file's rule entries, so a value this misses is noticed.
 */
export function yamlValues(text: string, key: string): string[] {
	const lines = text.split('\n');
	const values: string[] = [];
	const start = new RegExp(`^(\\s*)(?:- )?${key}:\\s*(.*?)\\s*$`);
	for (let index = 0; index < lines.length; index++) {
		const match = start.exec(lines[index]!);
		if (match === null) continue;
		const indent = match[1]!.length;
		const value = match[2]!;
		if (/^[|>][-+]?$/.test(value)) {
			const block: string[] = [];
			while (index + 1 < lines.length) {
				const next = lines[index + 1]!;
				if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break;
				block.push(next.trim());
				index++;
			}
			values.push(block.filter(line => line !== '').join(' '));
		} else if (value.startsWith("'")) {
			values.push(value.slice(1, -1).replaceAll("''", "'"));
		} else if (value.startsWith('"')) {
			values.push(JSON.parse(value) as string);
		} else {
			values.push(value.replace(/\s+#.*$/, ''));
		}
	}
	return values;
}
