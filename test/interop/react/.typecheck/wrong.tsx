import type {} from 'flex-elements/react';

export function Wrong() {
  return (
    // interop-expect-error: userRole is a string union, not a number
    <flex-provider userRole={5}></flex-provider>
  );
}
