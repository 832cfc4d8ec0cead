/**
 * The one CSS injector for the widget's scoped styles (a five-line helper instead of
 * style-loader + css-loader, ≈2 KB of runtime inside a 20 KB budget). Idempotent per document:
 * several widget instances, renders or features share one <style> per id.
 */
export function injectStyleOnce(doc: Document, id: string, css: string): void {
  if (doc.getElementById(id)) return;
  const style = doc.createElement('style');
  style.id = id;
  style.textContent = css;
  doc.head.appendChild(style);
}
