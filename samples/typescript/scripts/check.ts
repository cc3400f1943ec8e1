// `npm run check`, before `tsc --noEmit`: the committed src/schema.d.ts is exactly what openapi-typescript generates
// from openapi/agreement-service.json, and the hand-written code takes no escape hatch from the types (no `as`,
// no `<T>` assertion, no non-null `!`, no `any`), so that type-checking it really checks it against the document.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const problems: string[] = [];

const committed = join(root, "src", "schema.d.ts");
const scratch = mkdtempSync(join(tmpdir(), "agreement-schema-"));
try {
  const generated = join(scratch, "schema.d.ts");
  execFileSync(process.execPath, [join(root, "node_modules", "openapi-typescript", "bin", "cli.js"),
    join(root, "..", "..", "openapi", "agreement-service.json"), "--output", generated], { stdio: ["ignore", "ignore", "inherit"] });
  if (!existsSync(committed) || readFileSync(committed, "utf8") !== readFileSync(generated, "utf8")) {
    problems.push("src/schema.d.ts is not what openapi/agreement-service.json generates: run 'npm run generate' in samples/typescript and commit it.");
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const escapes = (node: ts.Node): string | undefined =>
  ts.isAsExpression(node) ? "`as`"
  : ts.isTypeAssertionExpression(node) ? "a <T> assertion"
  : ts.isNonNullExpression(node) ? "a non-null `!`"
  : node.kind === ts.SyntaxKind.AnyKeyword ? "`any`"
  : undefined;
for (const folder of ["src", "scripts"]) {
  for (const name of readdirSync(join(root, folder)).filter((n) => n.endsWith(".ts") && !n.endsWith(".d.ts"))) {
    const path = join(root, folder, name);
    const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const escape = escapes(node);
      if (escape !== undefined) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        problems.push(`${relative(root, path)}:${line + 1}: ${escape} steps around the generated types: narrow instead.`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

problems.forEach((problem) => console.error(problem));
process.exitCode = problems.length === 0 ? 0 : 1;
