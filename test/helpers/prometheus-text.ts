// A strict reader of the Prometheus text exposition format (0.0.4), so tests check /metrics as a scraper would.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Throws on any line a Prometheus scraper would reject. */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const familyOf = (sample: string): MetricFamily | undefined => {
    if (families.has(sample)) return families.get(sample);
    const base = sample.replace(/_(bucket|sum|count|total|created)$/, '');
    return families.get(base) ?? families.get(sample.replace(/_total$/, ''));
  };
  text.split('\n').forEach((line, index) => {
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1} (${why}): ${line}`);
    };
    if (line === '') return;
    if (line.startsWith('# HELP ')) {
      const [, name, help] = /^# HELP (\S+) (.*)$/.exec(line) ?? fail('bad HELP');
      if (!NAME.test(name!)) fail('bad metric name');
      families.set(name!, { name: name!, help: help!, type: 'untyped', samples: [] });
      return;
    }
    if (line.startsWith('# TYPE ')) {
      const [, name, type] = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line) ?? fail('bad TYPE');
      const family = families.get(name!) ?? fail('TYPE before HELP');
      family.type = type as MetricFamily['type'];
      return;
    }
    if (line.startsWith('#')) return;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line) ?? fail('bad sample');
    const labels: Record<string, string> = {};
    if (match[2]) {
      const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;
      let consumed = 0;
      for (let m; (m = labelPattern.exec(match[2])); consumed = labelPattern.lastIndex)
        labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      if (consumed !== match[2].length) fail('bad labels');
    }
    const value = match[3] === '+Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : Number(match[3]);
    // prom-client writes NaN as `Nan` (an idle event loop has no lag samples); Prometheus reads either.
    if (Number.isNaN(value) && match[3]!.toLowerCase() !== 'nan') fail('bad value');
    const family = familyOf(match[1]!) ?? fail('sample without HELP/TYPE');
    family.samples.push({ name: match[1]!, labels, value });
  });
  return families;
}

/** The value of one sample, matched by name and a subset of labels (undefined when absent). */
export function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) return sample.value;
    }
  }
  return undefined;
}
