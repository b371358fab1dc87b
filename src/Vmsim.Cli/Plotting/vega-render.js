// Draws the Vega-Lite spec in VMSIM_SPEC as SVG on standard output, with no browser: Vega's
// headless renderer. vmsim sends this script to `node -` after Vega and Vega-Lite and the spec.
const compiled = vegaLite.compile(VMSIM_SPEC).spec;
new vega.View(vega.parse(compiled), { renderer: 'none' })
  .toSVG()
  .then(svg => process.stdout.write(svg))
  .catch(error => {
    process.stderr.write(String((error && error.stack) || error));
    process.exitCode = 1;
  });
