import {expect} from '@open-wc/testing';
import {splitTagline} from '../../src/event/speaker-tagline.js';

describe('splitTagline', () => {
  it('splits the common separators into role and organisation', () => {
    expect(splitTagline('Head of Digital | NHS England')).to.deep.equal({role: 'Head of Digital', organisation: 'NHS England'});
    expect(splitTagline('Software Engineer at Dynatrace')).to.deep.equal({role: 'Software Engineer', organisation: 'Dynatrace'});
    expect(splitTagline('Head Trainer @ DATA story LAB')).to.deep.equal({role: 'Head Trainer', organisation: 'DATA story LAB'});
    expect(splitTagline('Data Scientist, cubido business solutions GmbH')).to.deep.equal({role: 'Data Scientist', organisation: 'cubido business solutions GmbH'});
    expect(splitTagline('Head of Data at Scale at Acme')).to.deep.equal({role: 'Head of Data at Scale', organisation: 'Acme'});
  });

  it('keeps the whole line when the split would be a guess', () => {
    for (const line of [
      'Dynatrace',
      'Founder & Social Media Enthusiast',
      'CEO atwork, MVP Azure and Microsoft 365, Microsoft RD',
      'CTO atwork, Microsoft MVP',
      'Lehrer für Mathematik, KI und Advanced Algorithms an der HTL Leonding',
      'MVP | ACP IT Solutions GMBH, Lead Cloud Architect',
      'Nurse | Trainer | Author',
    ]) {
      expect(splitTagline(line), line).to.deep.equal({tagline: line});
    }
  });

  it('returns nothing for an empty line', () => {
    expect(splitTagline('   ')).to.deep.equal({});
    expect(splitTagline(undefined)).to.deep.equal({});
  });
});
