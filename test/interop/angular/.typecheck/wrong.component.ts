import type {} from 'flex-elements';
import { CUSTOM_ELEMENTS_SCHEMA, Component, ElementRef, viewChild } from '@angular/core';

@Component({
  selector: 'interop-wrong',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<flex-provider #provider></flex-provider>`,
})
export class WrongComponent {
  readonly provider = viewChild<ElementRef<HTMLElementTagNameMap['flex-provider']>>('provider');

  set() {
    const el = this.provider()?.nativeElement;
    // interop-expect-error: appConfig.theme.name is a string, not a number
    if (el) el.appConfig = { theme: { name: 5 } };
  }
}
