// The size of a first visit (issue 6, benchmark 1): everything the release
// build makes a first visit download, brotli-compressed, counted by
// scripts/size-budget.mjs (the same count `make bench` reports).
//
// The budget is 150 KB and the app is not there yet (bench/RESULTS.md says
// where the bytes are). Until it is, this test holds the line: it fails when
// the first visit grows past CEILING_KB, so the size can only go down. Lower
// CEILING_KB whenever the build gets smaller; it becomes BUDGET_BYTES once
// the budget is met.
//
// Issue 12 raised it once, from 218 to 235 KB, with the issue's leave: the
// design's gloo-net and serde went back into the app (serde through
// serde-wasm-bindgen +15.5 KB, gloo-net's request builder +1.3 KB; the
// serde_json alternative cost +34.4 KB; ARCHITECTURE.md, Choices). From
// here it only goes down again. Two checkouts of one commit in different folders built
// 217.2 and 217.4 KB (the wasm differs by a few hundred bytes), so the
// ceiling keeps a little room above that. (An earlier note here said
// checkouts differ by 2 KB: that came from comparing with an older build
// left in bench/.work/dist.)
//
// Issue 12's shared markup then lowered it to 233 KB: story rows became
// newsdesk_page::markup's HTML parsed by the browser (no template fill
// code), and search results became the same rows (no Byline or SaveButton
// components): 233.6 → 232.5 KB on the same machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUDGET_BYTES, sizeReport } from '../../scripts/size-budget.mjs';

const CEILING_KB = 233;
const dist = process.env.NEWSDESK_DIST || 'dist';

test(`a first visit stays under ${CEILING_KB} KB brotli (budget: ${BUDGET_BYTES / 1024} KB)`, (t) => {
  const report = sizeReport(dist);
  const kb = (n) => (n / 1024).toFixed(1);
  for (const [kind, size] of Object.entries(report.kinds)) t.diagnostic(`${kind}: ${kb(size.brotli)} KB brotli (${kb(size.raw)} KB raw)`);
  t.diagnostic(`first visit: ${kb(report.total.brotli)} KB brotli in ${report.files.length} files; budget ${kb(BUDGET_BYTES)} KB: ${report.withinBudget ? 'met' : `not met, ${kb(report.total.brotli - BUDGET_BYTES)} KB over`}`);
  assert.ok(report.files.some((f) => f.path.endsWith('.wasm')), 'the build has its wasm');
  assert.ok(
    report.total.brotli <= CEILING_KB * 1024,
    `first visit grew to ${kb(report.total.brotli)} KB brotli, past the ${CEILING_KB} KB ceiling`,
  );
});
