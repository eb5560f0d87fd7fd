import { IMAGE_CONTRACTS } from '../model/contract/image-contract';
import { AppCheck } from './types';
import { at } from './sources';

/** NEXT_PUBLIC_* values are inlined at build time; the build passes only the contract's build arguments. */
export const nextPublicEnv: AppCheck = {
  id: 'next-public-env',
  severity: 'warning',
  summary: 'the frontend reads NEXT_PUBLIC_* variables the image build does not set',
  run({ sources }) {
    const built = new Set(IMAGE_CONTRACTS.frontend.buildArgs.map((a) => a.name));
    const uses = sources
      .findInFrontend(/process\.env\.NEXT_PUBLIC_[A-Z0-9_]+/)
      .flatMap((m) => {
        const line = sources.frontendScriptFiles().find((f) => f.path === m.file)!.text.split('\n')[m.line - 1];
        return [...line.matchAll(/process\.env\.(NEXT_PUBLIC_[A-Z0-9_]+)/g)].map((x) => ({ ...m, name: x[1] }));
      })
      .filter((u) => !built.has(u.name));
    if (!uses.length) return [];
    const names = [...new Set(uses.map((u) => u.name))];
    return [
      {
        check: this.id,
        severity: this.severity,
        file: at(uses[0]),
        problem: `reads ${names.join(', ')}, which the image build does not set (it sets only ${[...built].join(', ')})`,
        why: 'Next.js inlines NEXT_PUBLIC_* into the browser bundle during next build; setting them on the pod at run time has no effect, so the browser sees undefined',
        fix: 'derive the value from NEXT_PUBLIC_API_URL or read it on the server (a route or server component) from a runtime variable',
      },
    ];
  },
};
