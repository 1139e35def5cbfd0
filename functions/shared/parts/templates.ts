/** The note templates (the bundle carries a copy: infra copies templates/ beside the handler). */
import type { NoteRenderer } from '../../core/ports.ts';
import { LiquidNoteRenderer } from '../../adapters/render/liquid-renderer.ts';
import { ENV } from '../env-keys.ts';
import type { Part } from './part.ts';

export function templates(): Part<'templates', null, { renderer: NoteRenderer }> {
  return {
    kind: 'templates',
    grant: null,
    env: [ENV.templatesDir],
    build: (context) => ({ renderer: new LiquidNoteRenderer({ templatesDir: context.setting(ENV.templatesDir) }) }),
  };
}
