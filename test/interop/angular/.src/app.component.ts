import type {} from 'flex-elements';
import { CUSTOM_ELEMENTS_SCHEMA, Component, ElementRef, signal, viewChild } from '@angular/core';

type ReadyDetail = { identity?: string; role?: string; backend?: string; workerSid?: string };

@Component({
  selector: 'interop-app',
  // Angular has no way to type a custom element's bindings in a template: with this schema it
  // accepts any property and event on a dashed tag. The typed access is the element reference below.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <button type="button" (click)="renders.set(renders() + 1)">Re-render</button>
      <button type="button" (click)="dark.set(!dark())">Toggle theme</button>
      <button type="button" (click)="shown.set(!shown())">Toggle provider</button>
      <p data-testid="renders">{{ renders() }}</p>
      <p data-testid="ready" [attr.data-count]="readyCount()">{{ ready()?.identity ?? '' }}</p>
      @if (shown()) {
        <flex-provider
          #provider
          sim-traffic="off"
          sim-clock="manual"
          identity="ana@example.com"
          [appConfig]="{ theme: { name: dark() ? 'dark' : 'light' } }"
          (flex-ready)="onReady($event)"
        >
          <flex-agent-desktop></flex-agent-desktop>
        </flex-provider>
      }
    </main>
  `,
})
export class AppComponent {
  readonly renders = signal(0);
  readonly dark = signal(true);
  readonly shown = signal(true);
  readonly ready = signal<ReadyDetail | null>(null);
  readonly readyCount = signal(0);
  /** Typed by the package's HTMLElementTagNameMap entry. */
  readonly provider = viewChild<ElementRef<HTMLElementTagNameMap['flex-provider']>>('provider');

  onReady(e: Event) {
    this.ready.set((e as CustomEvent<ReadyDetail>).detail);
    this.readyCount.set(this.readyCount() + 1);
  }

  /** Typed property access through the template reference: must compile. */
  role(): string | undefined {
    const el = this.provider()?.nativeElement;
    if (el) el.appConfig = { theme: { name: 'dark' } };
    return el?.userRole;
  }
}
