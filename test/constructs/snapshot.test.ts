import { PROFILE_NAMES, synthProfile } from '../support/synth';

// The whole synthesized output of each profile, pinned: any change to a manifest shows up in
// review as a snapshot diff (`npm run test:update` accepts it).
describe.each(PROFILE_NAMES)('profile %s', (profile) => {
  test('synthesized manifests match the snapshot', () => {
    expect(synthProfile(profile)).toMatchSnapshot();
  });
});
