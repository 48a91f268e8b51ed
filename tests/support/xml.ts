/**
 * A small XML well-formedness check for the JUnit reports (no parser dependency): one root element,
 * every tag closed in order, attributes quoted, only the five predefined entities or character
 * references, no text outside the root.
 */
export function assertWellFormedXml(text: string): void {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, "");
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  const open: string[] = [];
  let roots = 0;
  for (const match of body.matchAll(token)) {
    const [whole, closing, name, , selfClosing, textPart, stray] = match;
    if (stray) throw new Error(`not well-formed XML: "<" that starts no tag at ${match.index}: ${body.slice(match.index, match.index + 40)}`);
    if (textPart !== undefined) {
      if (open.length === 0 && textPart.trim() !== "") throw new Error(`not well-formed XML: text outside the root: ${textPart.slice(0, 40)}`);
      const bad = textPart.match(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
      if (bad) throw new Error(`not well-formed XML: bare "&" in ${textPart.slice(0, 40)}`);
      continue;
    }
    if (whole.includes("&") && /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(whole)) throw new Error(`not well-formed XML: bare "&" in ${whole}`);
    if (closing) {
      const expected = open.pop();
      if (expected !== name) throw new Error(`not well-formed XML: </${name}> closes <${expected ?? "nothing"}>`);
      continue;
    }
    if (open.length === 0 && ++roots > 1) throw new Error("not well-formed XML: more than one root element");
    if (!selfClosing) open.push(name);
  }
  const consumed = [...body.matchAll(token)].reduce((n, m) => n + m[0].length, 0);
  if (consumed !== body.length) throw new Error(`not well-formed XML: unreadable from character ${consumed}`);
  if (open.length > 0) throw new Error(`not well-formed XML: <${open.join("> <")}> never closed`);
  if (roots !== 1) throw new Error("not well-formed XML: no root element");
}
