// The designer's model and its forms: new parts, moves, the JSON the API takes, and each refusal at its field.
import { describe, it, expect, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup } from '@testing-library/svelte';
import { blankComponent, blankState, move, moveTo, clean, errorsByPath, freeId, toList, describePath } from './model.js';
import ComponentForm from './ComponentForm.svelte';
import Field from '../Field.svelte';

afterEach(cleanup);

describe('the designer model', () => {
  it('makes parts with ids not yet taken, moves them, and leaves empty fields out of the JSON', () => {
    expect(freeId('state', ['state', 'state-2'])).toBe('state-3');
    const state = blankState([{ id: 'state' }]);
    expect(state.id).toBe('state-2');
    expect(blankComponent('rating', ['rating']).id).toBe('rating-2');
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveTo(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveTo(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moveTo(['a', 'b'], 1, 5)).toEqual(['a', 'b']);
    expect(state.recording).toBe('none');
    expect(toList(' calm, ,tense ')).toEqual(['calm', 'tense']);
    expect(clean({ roles: [], states: [{ id: 's', title: '', roles: [], focus: { type: 'text', id: 't', text: 'Hi', continueButton: true }, globals: [] }], consent: null }))
      .toEqual({ roles: [], states: [{ id: 's', focus: { type: 'text', id: 't', text: 'Hi', continueButton: true } }] });
  });

  it('says where a refusal is in the designer\'s words', () => {
    const words = { indexed: { states: (n) => `State ${n}`, questions: (n) => `question ${n}` }, named: { focus: 'main part', definition: 'the experiment' } };
    expect(describePath('definition.states[0].focus.mediaId', words)).toBe('State 1 › main part › mediaId');
    expect(describePath('definition.states[2].focus.questions[1].points', words)).toBe('State 3 › main part › question 2 › points');
    expect(describePath('definition', words)).toBe('the experiment');
  });

  it('files each refusal under the path it names', () => {
    expect(errorsByPath({ errors: [{ field: 'definition.states[0].focus.mediaId', message: 'is required' },
      { field: 'definition.states[0].focus.mediaId', message: 'is unknown' }] }))
      .toEqual({ 'definition.states[0].focus.mediaId': 'is required; is unknown' });
  });
});

describe('the designer forms', () => {
  it('shows the refusal for a path under its field, marked invalid and described by it', () => {
    render(Field, { path: 'definition.roles[0].count', label: 'Per room', kind: 'number', value: 0,
      errors: { 'definition.roles[0].count': 'must be between 1 and 100' } });
    const input = screen.getByLabelText('Per room');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')).textContent).toBe('must be between 1 and 100');
  });

  it('gives each component type its own fields, and a new type starts anew under a fitting id', async () => {
    const media = [{ id: 'm-1', name: 'film.webm', contentType: 'video/webm' }];
    const props = $state({ component: blankComponent('text'), path: 'definition.states[0].focus', errors: {}, roleIds: ['viewer'], media });
    render(ComponentForm, { props });
    expect(screen.getByLabelText('Text')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'video' } });
    expect(props.component).toMatchObject({ type: 'video', id: 'video', mediaId: '', synced: true });
    expect(props.component.text).toBeUndefined(); // nothing of the text it was
    expect(screen.getByLabelText('Media').querySelectorAll('option')).toHaveLength(2);
    await fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'rating' } });
    await fireEvent.change(screen.getByLabelText('Scale'), { target: { value: 'continuous' } });
    expect(props.component.step).toBeUndefined();
    expect(props.component.sampleRateHz).toBe(4);
    expect(screen.getByLabelText('Samples per second')).toBeTruthy();
    expect(screen.queryByLabelText('Step')).toBeNull();
  });
});
