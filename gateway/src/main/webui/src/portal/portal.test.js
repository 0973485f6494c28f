// The portal's forms: what the API refuses is shown next to the field it names, and nothing is lost.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup } from '@testing-library/svelte';
import { tick } from 'svelte';
import SessionForm from './SessionForm.svelte';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const auth = { token: 'staff-token' };
const versions = [{ version: 2 }, { version: 1 }];
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    await tick();
  }
};

describe('opening a session', () => {
  it('shows each refusal next to its field and marks the field', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({
      title: 'Bad Request', status: 400, detail: 'the session is invalid',
      errors: [{ field: 'settings.waitingTimeoutSeconds', message: 'must be between 5 and 86400' },
        { field: 'settings.codes.completed', message: 'must be at most 100 characters' }],
    }), { status: 400, headers: { 'Content-Type': 'application/problem+json' } })));
    const opened = vi.fn();
    render(SessionForm, { auth, experimentId: 'e-1', versions, opened });
    await fireEvent.input(screen.getByLabelText('Waiting timeout (seconds)'), { target: { value: '2' } });
    await fireEvent.submit(screen.getByRole('button', { name: 'Open the session' }).closest('form'));
    await settle();
    const timeout = screen.getByLabelText('Waiting timeout (seconds)');
    expect(timeout.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(timeout.getAttribute('aria-describedby')).textContent).toBe('must be between 5 and 86400');
    expect(screen.getByLabelText('Completed').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Completion URL (with {code} where the code goes)').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('alert').textContent).toBe('the session is invalid');
    expect(opened).not.toHaveBeenCalled();
    expect(timeout.value).toBe('2'); // what was typed stays, to be corrected
  });

  it('sends the settings as the API takes them, leaving out what was left empty', async () => {
    let sent = null;
    vi.stubGlobal('fetch', vi.fn(async (url, init) => {
      sent = { url, body: JSON.parse(init.body), auth: init.headers.Authorization };
      return new Response(JSON.stringify({ id: 's-1', joinPath: '/join/s-1?key=k' }), { status: 201, headers: { 'Content-Type': 'application/json' } });
    }));
    const opened = vi.fn();
    render(SessionForm, { auth, experimentId: 'e-1', versions, opened });
    await fireEvent.input(screen.getByLabelText('Completion URL (with {code} where the code goes)'), { target: { value: 'https://example.org/done?cc={code}' } });
    await fireEvent.input(screen.getByLabelText('Completed'), { target: { value: ' C-OK ' } });
    await fireEvent.click(screen.getByLabelText('Balanced by role'));
    await fireEvent.submit(screen.getByRole('button', { name: 'Open the session' }).closest('form'));
    await settle();
    expect(sent.url).toBe('/api/sessions');
    expect(sent.auth).toBe('Bearer staff-token');
    expect(sent.body).toEqual({ experimentId: 'e-1', version: 2, settings: {
      matching: 'roleBalanced', waitingTimeoutSeconds: 600, labelParameter: 'PROLIFIC_PID',
      completionUrl: 'https://example.org/done?cc={code}', codes: { completed: 'C-OK' } } });
    expect(opened).toHaveBeenCalledWith({ id: 's-1', joinPath: '/join/s-1?key=k' });
  });

  it('asks for a published version first', () => {
    render(SessionForm, { auth, experimentId: 'e-1', versions: [], opened: vi.fn() });
    expect(screen.getByText('Publish a version first.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Open the session' })).toBeNull();
  });
});
