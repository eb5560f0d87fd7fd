import { AppCheck } from './types';
import { at } from './sources';

/** Works on a connected machine, but makes the image build depend on Google's servers. */
export const nextFontGoogle: AppCheck = {
  id: 'next-font-google',
  severity: 'warning',
  summary: 'the frontend uses next/font/google, which downloads fonts during the image build',
  run({ sources }) {
    const uses = sources.findInFrontend(/['"]next\/font\/google['"]/);
    if (!uses.length) return [];
    return [
      {
        check: this.id,
        severity: this.severity,
        file: at(uses[0]),
        problem: `imports next/font/google${uses.length > 1 ? ` (also ${uses.slice(1).map(at).join(', ')})` : ''}`,
        why: 'next build fetches the font files from fonts.googleapis.com inside the image build; an engine without internet access (CI, an air-gapped cluster) fails with "Failed to fetch font"',
        fix: 'nothing, if the Docker Engine you build with reaches Google; otherwise use next/font/local with the font files in the repository',
      },
    ];
  },
};
