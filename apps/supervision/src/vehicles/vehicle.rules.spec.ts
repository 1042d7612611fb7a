import { normalisePlate, plateKind, plateProblem } from './vehicle.rules.js';

describe('delivery vehicle plates', () => {
  it.each([
    ['晋A12345', 'ordinary'],
    ['晋MB8K27', 'ordinary'],
    ['京Z9Y8X7', 'ordinary'],
    ['晋AD12345', 'new_energy'],
    ['晋AFA1234', 'new_energy'],
    ['晋A12345D', 'new_energy'],
    ['粤B54321F', 'new_energy'],
  ])('%s is an %s plate', (plate, kind) => expect(plateKind(plate)).toBe(kind));

  it.each([
    ['unknown province', '港A12345'],
    ['I in the serial', '晋A1234I'],
    ['O in the serial', '晋AO2345'],
    ['too short', '晋A1234'],
    ['too long for an ordinary plate, not new-energy', '晋A123456'],
    ['new-energy small plate without four final digits', '晋AD1234A'],
    ['new-energy large plate with a letter', '晋A1234AD'],
    ['trailer', '晋A1234挂'],
    ['no office letter', '晋112345'],
    ['lower-case letter not normalised', '晋a12345'],
  ])('refuses %s (%s)', (_, plate) => expect(plateKind(plate)).toBeNull());

  it('normalises spaces, the middle dot, hyphens and case', () => {
    expect(normalisePlate(' 晋a·d1-2345 ')).toBe('晋AD12345');
    expect(plateKind(normalisePlate('晋A·12345'))).toBe('ordinary');
  });

  it('a new-energy plate must belong to a vehicle declared new energy; the reverse is allowed', () => {
    expect(plateProblem('晋AD12345', false)).toContain('new-energy plate');
    expect(plateProblem('晋AD12345', true)).toBeNull();
    expect(plateProblem('晋A12345', true)).toBeNull();
    expect(plateProblem('晋A12345', false)).toBeNull();
    expect(plateProblem('XYZ', true)).toContain('must be a Chinese plate');
  });
});
