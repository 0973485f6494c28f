// Component tests: the participant's controls, rendered in jsdom as the app renders them.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup } from '@testing-library/svelte';
import { tick } from 'svelte';
import Rating from './Rating.svelte';
import Questionnaire from './Questionnaire.svelte';
import Chat from './Chat.svelte';
import ContinuousRating from './ContinuousRating.svelte';
import ComponentView from './ComponentView.svelte';
import { missing, submittable } from './answers.js';
import { messages } from '../lib/messages.js';
import { Problem } from '../lib/api.js';
import Refused from './Refused.svelte';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('rating', () => {
  it('offers each step of a discrete scale as a choice and marks the one chosen', async () => {
    render(Rating, { component: { id: 'r', type: 'rating', scale: 'discrete', prompt: 'How tense?', min: 1, max: 5, step: 1, labels: ['calm', 'tense'] } });
    const choices = screen.getAllByRole('radio');
    expect(choices.map((c) => c.value)).toEqual(['1', '2', '3', '4', '5']);
    await fireEvent.click(choices[3]);
    expect(choices[3].checked).toBe(true);
    expect(choices[3].closest('label').classList.contains('chosen')).toBe(true);
    expect(screen.getByText('calm')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'How tense?' })).toBeTruthy();
  });

  it('draws a visual-analogue scale as a labelled slider, and a sent one cannot be changed', () => {
    render(Rating, { component: { id: 'v', type: 'rating', scale: 'vas', prompt: 'Liking', min: 0, max: 100 }, disabled: true });
    const slider = screen.getByRole('slider', { name: 'Liking' });
    expect(slider.value).toBe('50');
    expect(screen.getByRole('group').disabled).toBe(true);
  });
});

describe('questionnaire', () => {
  const component = {
    id: 'q', type: 'questionnaire', title: 'About the clip',
    questions: [
      { id: 'liked', kind: 'multipleChoice', prompt: 'Did you like it?', options: ['yes', 'no'], required: true },
      { id: 'colours', kind: 'multipleChoice', prompt: 'Colours seen', options: ['red', 'blue'], multiple: true },
      { id: 'agree', kind: 'likert', prompt: 'It was clear', points: 7, anchors: ['disagree', 'agree'] },
      { id: 'why', kind: 'freeText', prompt: 'Why?', maxLength: 20 },
    ],
  };

  it('asks each kind of question with its own control, and says which are required', () => {
    render(Questionnaire, { component });
    expect(screen.getByRole('heading', { name: 'About the clip' })).toBeTruthy();
    expect(screen.getByRole('group', { name: /Did you like it\? \(required\)/ })).toBeTruthy();
    expect(screen.getAllByRole('checkbox')).toHaveLength(2);
    expect(screen.getByRole('group', { name: 'It was clear' }).querySelectorAll('input[type=radio]')).toHaveLength(7);
    const why = screen.getByRole('textbox', { name: 'Why?' });
    expect(why.maxLength).toBe(20);
  });

  it('is complete only when every required question has an answer', () => {
    expect(missing(component, {})).toBe(true);
    expect(missing(component, { liked: '' })).toBe(true);
    expect(missing(component, { liked: 'no' })).toBe(false);
    expect(missing({ type: 'rating' }, undefined)).toBe(true);
    expect(missing({ type: 'rating' }, 0)).toBe(false);
    expect(submittable({ type: 'rating', scale: 'continuous' })).toBe(false);
    expect(submittable({ type: 'text', continueButton: true })).toBe(true);
    expect(submittable({ type: 'text' })).toBe(false);
  });
});

describe('chat', () => {
  const component = { id: 'talk', type: 'chat', maxLength: 10 };
  const log = [
    { id: 'a', text: 'hello', from: 'p-other', role: 'viewer', serverTime: 1 },
    { id: 'b', text: 'hi', from: 'p-me', role: 'viewer', serverTime: 2 },
    { id: 'c', text: 'welcome', from: 'staff:kim', serverTime: 3 },
  ];

  it('shows who wrote each message: "You", the others by their place in the room, staff as the researcher', () => {
    render(Chat, { component, stateId: 's', log, me: 'p-me', members: ['p-me', 'p-other'], canWrite: true, sendMessage: vi.fn() });
    const items = screen.getAllByRole('listitem').map((li) => li.textContent.replace(/\s+/g, ' ').trim());
    expect(items).toEqual(['Participant 2 hello', `${messages.chat.you} hi`, `${messages.chat.researcher} welcome`]);
  });

  it('sends a message as a response with its own id, shown as sending until the room hands it back', async () => {
    let sent = null;
    let deliver;
    const sendMessage = vi.fn((r) => { sent = r; return new Promise((resolve) => (deliver = resolve)); });
    const view = render(Chat, { component, stateId: 's', log: [], me: 'p-me', canWrite: true, sendMessage });
    await fireEvent.input(screen.getByRole('textbox', { name: messages.chat.message }), { target: { value: ' over ' } });
    await fireEvent.submit(screen.getByRole('button', { name: messages.chat.send }).closest('form'));
    expect(sent).toMatchObject({ stateId: 's', componentId: 'talk', value: { text: 'over' } });
    expect(sent.id).toMatch(/[0-9a-f-]{36}/);
    expect(screen.getByText(messages.chat.sending)).toBeTruthy();
    deliver();
    await view.rerender({ log: [{ id: sent.id, text: 'over', from: 'p-me', role: 'viewer', serverTime: 5 }] });
    expect(screen.queryByText(messages.chat.sending)).toBeNull();
    expect(screen.getAllByText('over')).toHaveLength(1);
  });

  it('gives a refused message back to its writer with the reason, and refuses one too long before sending', async () => {
    const sendMessage = vi.fn(() => Promise.reject(Object.assign(new Error('x'), { detail: 'this role may not write here' })));
    render(Chat, { component, stateId: 's', log: [], me: 'p-me', canWrite: true, sendMessage });
    const box = screen.getByRole('textbox', { name: messages.chat.message });
    await fireEvent.input(box, { target: { value: 'much too long text' } });
    await fireEvent.submit(box.closest('form'));
    expect(sendMessage).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe(messages.chat.tooLong(10));
    await fireEvent.input(box, { target: { value: 'short' } });
    await fireEvent.submit(box.closest('form'));
    await tick();
    await Promise.resolve();
    await tick();
    expect(screen.getByRole('alert').textContent).toBe('this role may not write here');
    expect(box.value).toBe('short');
  });

  it('lets a role that may not write read along', () => {
    render(Chat, { component, stateId: 's', log, me: 'p-me', canWrite: false, sendMessage: vi.fn() });
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText(messages.chat.readOnly)).toBeTruthy();
  });
});

describe('continuous rating', () => {
  it('samples the slider at its rate while the room runs and sends the samples in batches', async () => {
    vi.useFakeTimers();
    const batches = [];
    const sendSamples = vi.fn(async (batch) => batches.push(batch));
    const view = render(ContinuousRating, {
      component: { id: 'feel', type: 'rating', scale: 'continuous', prompt: 'Feeling', min: 0, max: 10, sampleRateHz: 10 },
      stateId: 'film', running: true, sendSamples,
    });
    await fireEvent.input(screen.getByRole('slider', { name: 'Feeling' }), { target: { value: '8' } });
    await vi.advanceTimersByTimeAsync(2000);
    const samples = batches.flat();
    expect(samples.length).toBeGreaterThanOrEqual(18);
    expect(samples.length).toBeLessThanOrEqual(20);
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
    expect(samples.every((s) => s.stateId === 'film' && s.componentId === 'feel' && s.value === 8)).toBe(true);
    await view.rerender({ running: false });
    const before = batches.flat().length;
    await vi.advanceTimersByTimeAsync(2000);
    expect(batches.flat().length - before).toBeLessThanOrEqual(10); // what was sampled before the pause, no more
    const afterPause = batches.flat().length;
    await vi.advanceTimersByTimeAsync(2000);
    expect(batches.flat().length).toBe(afterPause);
  });

  it('keeps a batch that could not be sent and sends it again with the same ids', async () => {
    vi.useFakeTimers();
    const attempts = [];
    let fail = true;
    const sendSamples = vi.fn(async (batch) => {
      attempts.push(batch.map((s) => s.id));
      if (fail) throw Object.assign(new Error('offline'), { status: 0 });
    });
    render(ContinuousRating, {
      component: { id: 'feel', type: 'rating', scale: 'continuous', min: 0, max: 10, sampleRateHz: 5 },
      stateId: 'film', running: true, sendSamples,
    });
    await vi.advanceTimersByTimeAsync(1000);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(attempts.length).toBe(2);
    expect(attempts[1].slice(0, attempts[0].length)).toEqual(attempts[0]);
  });
});

describe('the state renderer', () => {
  const room = { stateId: 's', running: true, chats: [], connection: null, token: () => 'pass' };

  it('renders Markdown without the script or form a definition might carry', () => {
    const { container } = render(ComponentView, {
      component: { id: 't', type: 'text', text: '# Welcome\n\nPlease **read**.<script>window.x=1</script><form><input></form>' },
      room,
    });
    expect(screen.getByRole('heading', { name: 'Welcome' })).toBeTruthy();
    expect(container.querySelector('strong').textContent).toBe('read');
    expect(container.querySelector('script, form, input')).toBeNull();
  });

  it('shows a barrier with its message, and says plainly what it cannot show', () => {
    render(ComponentView, { component: { id: 'w', type: 'wait', message: 'Waiting for your partner' }, room });
    expect(screen.getByText('Waiting for your partner')).toBeTruthy();
    cleanup();
    render(ComponentView, { component: { id: 'x', type: 'hologram' }, room });
    expect(screen.getByText(messages.room.unsupported)).toBeTruthy();
  });

  it('gives each component type its own control', () => {
    render(ComponentView, { component: { id: 'r', type: 'rating', scale: 'discrete', prompt: 'P', min: 1, max: 3 }, room });
    expect(screen.getAllByRole('radio')).toHaveLength(3);
    cleanup();
    render(ComponentView, { component: { id: 'c', type: 'chat' }, room: { ...room, chats: ['c'] } });
    expect(screen.getByRole('textbox', { name: messages.chat.message })).toBeTruthy();
    cleanup();
    render(ComponentView, { component: { id: 'c', type: 'chat' }, room });
    expect(screen.queryByRole('textbox')).toBeNull();
  });
});

describe('refusal pages', () => {
  const cases = [
    [new Problem(409, 'Conflict', 'this session no longer admits participants', [], 'urn:hyperstudy:problem:session-closed'), messages.join.closed.title],
    [new Problem(409, 'Conflict', 'this session is full', [], 'urn:hyperstudy:problem:session-full'), messages.join.full.title],
    [new Problem(409, 'Conflict', 'someone has already joined', [], 'urn:hyperstudy:problem:already-joined'), messages.join.alreadyJoined.title],
    [new Problem(409, 'Conflict', 'not valid', [], 'urn:hyperstudy:problem:resume-invalid'), messages.join.resumeInvalid.title],
    [new Problem(404, 'Not Found', 'session s does not exist'), messages.join.badLink.title],
    [new Problem(0, 'Network error', 'Failed to fetch'), messages.join.failed.title],
  ];

  it.each(cases)('says what happened for %s', (problem, title) => {
    render(Refused, { problem, retry: vi.fn() });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(title);
    // only an unreachable service is worth trying again; a wrong key is never explained
    expect(screen.queryByRole('button', { name: messages.join.tryAgain }) !== null).toBe(problem.status === 0);
    expect(document.body.textContent).not.toContain('does not exist');
  });
});
