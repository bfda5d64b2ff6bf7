// Latency histograms (HDR, microsecond resolution, 3 significant digits) from hdr-histogram-js.
import hdr from 'hdr-histogram-js';

export type Histogram = ReturnType<typeof hdr.build>;

export function newHistogram(): Histogram {
  // 1 µs .. 10 min, auto-resizing beyond; the pure-JS implementation (no WebAssembly to load).
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

export function mergeHistograms(hs: Histogram[]): Histogram {
  const out = newHistogram();
  for (const h of hs) out.add(h);
  return out;
}

export interface Percentiles {
  count: number;
  /** Milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentiles(h: Histogram): Percentiles {
  const ms = (us: number) => us / 1000;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}
