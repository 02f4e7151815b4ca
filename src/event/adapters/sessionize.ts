/**
 * The Sessionize API "All" endpoint (`/api/v2/{id}/view/All`): top-level
 * `sessions`, `speakers`, `rooms`, `categories` and `questions`, linked by id.
 *
 * Sessionize times carry no zone: they are wall-clock times in the widget's
 * `timezone`. A session without `startsAt` is kept, time to be confirmed.
 * Categories are read by their title: "Session format"/"Type" give the type,
 * "Track"/"Topic" the track, "Level"/"Audience" the audience, and any other
 * category fills the track when nothing else did. Answers to questions that
 * are web addresses ("YouTube Video") become session links.
 */
import {isRecord, safeUrl, type AdapterContext, type Adapted} from '../../shared/adapter.js';
import {TrustError} from '../../shared/errors.js';
import type {Problem} from '../../shared/events.js';
import {parseDateTime} from '../../shared/time.js';
import type {EventData, EventLink, Room, Session, Speaker} from '../model.js';
import {splitTagline} from '../speaker-tagline.js';
import {LIMITS, bool, contextZone, eachItem, eventLink, finishEvent, idOf, list, photoUrl, record, refuseOtherFormat, speakerLink, uniqueLinks} from './common.js';
import {line, text} from '../../shared/plain-text.js';

type CategoryRole = 'type' | 'track' | 'audience' | 'other';

function categoryRole(title: string): CategoryRole {
  if (/format|type/i.test(title)) return 'type';
  if (/track|topic/i.test(title)) return 'track';
  if (/level|audience/i.test(title)) return 'audience';
  return 'other';
}


export function adaptSessionize(raw: unknown, context: AdapterContext): Adapted<EventData> {
  refuseOtherFormat(raw, 'sessionize');
  if (!isRecord(raw) || !Array.isArray(raw.sessions) || !Array.isArray(raw.speakers)) {
    throw new TrustError('format', 'This is not a Sessionize "All" export: it needs "sessions" and "speakers" lists.');
  }
  const problems: Problem[] = [];
  const base = context.baseUrl;
  const timeZone = contextZone(context);

  const rooms = eachItem(raw.rooms, 'rooms', problems, LIMITS.rooms, (item): Room & {sort: number} | undefined => {
    const r = record(item);
    const id = idOf(r.id);
    return id ? {id, name: line(r.name) ?? id, sort: typeof r.sort === 'number' ? r.sort : 0} : undefined;
  })
    .sort((a, b) => a.sort - b.sort)
    .map(({id, name}) => ({id, name}));

  // Category items by id, each with what its category means for a session.
  const categoryItems = new Map<string, {role: CategoryRole; name: string}>();
  const trackOrder: string[] = [];
  const typeOrder: string[] = [];
  eachItem(raw.categories, 'categories', problems, LIMITS.rooms, (item) => {
    const category = record(item);
    const role = categoryRole(line(category.title) ?? '');
    for (const entry of list(category.items)) {
      const e = record(entry);
      const id = idOf(e.id);
      const name = line(e.name);
      if (!id || !name) continue;
      categoryItems.set(id, {role, name});
      if (role === 'track' || role === 'other') trackOrder.push(name);
      if (role === 'type') typeOrder.push(name);
    }
    return undefined;
  });

  const questions = new Map<string, string>();
  for (const q of list(raw.questions)) {
    const id = idOf(record(q).id);
    const label = line(record(q).question);
    if (id && label) questions.set(id, label);
  }

  const sessions = eachItem(raw.sessions, 'sessions', problems, LIMITS.sessions, (item, i): Session | undefined => {
    const s = record(item);
    const id = idOf(s.id);
    const title = line(s.title);
    if (!id || !title) {
      problems.push({where: `sessions[${i}]`, reason: id ? 'A session needs a title' : 'A session needs an id'});
      return undefined;
    }
    const start = parseDateTime(s.startsAt, timeZone);
    let end = start ? parseDateTime(s.endsAt, timeZone) : undefined;
    if (s.startsAt != null && !start) problems.push({where: `session ${id}`, reason: 'The start time was not understood; listed as time to be confirmed'});
    if (start && end && end < start) {
      problems.push({where: `session ${id}`, reason: 'The session ends before it starts; the end was left out'});
      end = undefined;
    }

    const categories = categoryNames(s, categoryItems);
    return {
      id,
      title,
      description: text(s.description),
      start,
      end,
      type: categories.type[0],
      track: categories.track[0] ?? categories.other[0],
      roomId: idOf(s.roomId) ?? line(s.room),
      audience: categories.audience.length ? categories.audience : undefined,
      // "All" lists speaker ids; the "Sessions" endpoint lists {id, name}.
      speakerIds: list(s.speakers)
        .map((sp) => idOf(isRecord(sp) ? sp.id : sp))
        .filter((sp): sp is string => !!sp),
      links: uniqueLinks<EventLink>([
        eventLink(s.liveUrl, 'Watch live', base, 'video'),
        eventLink(s.recordingUrl, 'Recording', base, 'video'),
        ...list(s.questionAnswers).map((a) => {
          const answer = record(a);
          const label = questions.get(idOf(answer.questionId) ?? '');
          // Only answers that are a whole web address become links; other answers are not for display.
          return label && safeUrl(answer.answerValue, undefined, false) ? eventLink(answer.answerValue, label, base) : undefined;
        }),
      ]),
      status: 'scheduled',
      service: bool(s.isServiceSession) || undefined,
      plenary: bool(s.isPlenumSession) || undefined,
    };
  });

  const speakers = eachItem(raw.speakers, 'speakers', problems, LIMITS.speakers, (item, i): Speaker | undefined => {
    const s = record(item);
    const id = idOf(s.id);
    const name = line(s.fullName) ?? line([line(s.firstName), line(s.lastName)].filter(Boolean).join(' '));
    if (!id || !name) {
      problems.push({where: `speakers[${i}]`, reason: id ? 'A speaker needs a name' : 'A speaker needs an id'});
      return undefined;
    }
    return {
      id,
      name,
      ...splitTagline(line(s.tagLine)),
      bio: text(s.bio),
      photo: photoUrl(s.profilePicture, base),
      links: uniqueLinks(
        list(s.links).map((l) => {
          const link = record(l);
          return speakerLink(link.url, base, line(link.linkType), link.title);
        }),
      ),
      featured: bool(s.isTopSpeaker) || undefined,
      sessionIds: [],
    };
  });

  const value = finishEvent({event: {timeZone}, sessions, speakers, rooms, trackOrder, typeOrder}, problems);
  return {value, problems};
}

/** A session's category item names, sorted by what their categories mean. */
function categoryNames(session: Record<string, unknown>, items: Map<string, {role: CategoryRole; name: string}>): Record<CategoryRole, string[]> {
  const out: Record<CategoryRole, string[]> = {type: [], track: [], audience: [], other: []};
  for (const ref of list(session.categoryItems)) {
    const item = items.get(idOf(ref) ?? '');
    if (item && !out[item.role].includes(item.name)) out[item.role].push(item.name);
  }
  // The "Sessions" endpoint embeds categories: [{name, categoryItems: [{id, name}]}].
  for (const c of list(session.categories)) {
    const category = record(c);
    const role = categoryRole(line(category.name) ?? '');
    for (const i of list(category.categoryItems)) {
      const name = line(record(i).name);
      if (name && !out[role].includes(name)) out[role].push(name);
    }
  }
  return out;
}
