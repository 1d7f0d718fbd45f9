/**
 * Mantine's Tooltip, fetched at the person's first interaction with the page (pointer, key, touch), so
 * its positioning library (floating-ui) is not in the first page's download. Until then the target shows
 * alone (it has its own aria-label). The tooltip is put around the target only while the target is neither
 * hovered nor focused: that re-creates the element, which must not happen under a click or a focus.
 */
import { useMergedRef } from '@mantine/hooks';
import type { TooltipProps } from '@mantine/core';
import { cloneElement, useEffect, useRef, useState, type ReactElement, type Ref } from 'react';

type TooltipComponent = typeof import('./tooltip-chunk').Tooltip;

let loaded: TooltipComponent | null = null;
let loading: Promise<TooltipComponent> | null = null;
function loadTooltip(): Promise<TooltipComponent> {
  loading ??= import('./tooltip-chunk')
    .then((m) => (loaded = m.Tooltip))
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}

const FIRST_INTERACTION = ['pointermove', 'pointerdown', 'keydown', 'touchstart'] as const;

export function DeferredTooltip({
  children,
  ...props
}: TooltipProps & { children: ReactElement<{ ref?: Ref<HTMLElement> }> }) {
  // A function: the initializer form, or useState would call the component.
  const [Tooltip, setTooltip] = useState<TooltipComponent | null>(() => loaded);
  const target = useRef<HTMLElement>(null);
  const ref = useMergedRef(target, children.props.ref);

  useEffect(() => {
    const el = target.current;
    if (Tooltip || !el) return;
    let hovered = el.matches(':hover');
    const swapWhenFree = () => {
      if (loaded && !hovered && !el.contains(document.activeElement)) setTooltip(() => loaded);
    };
    const enter = () => (hovered = true);
    const leave = () => {
      hovered = false;
      swapWhenFree();
    };
    const load = () => {
      FIRST_INTERACTION.forEach((type) => window.removeEventListener(type, load));
      loadTooltip().then(swapWhenFree, () => undefined);
    };
    el.addEventListener('pointerenter', enter);
    el.addEventListener('pointerleave', leave);
    el.addEventListener('focusout', swapWhenFree);
    if (loaded) swapWhenFree();
    else FIRST_INTERACTION.forEach((type) => window.addEventListener(type, load, { passive: true }));
    return () => {
      el.removeEventListener('pointerenter', enter);
      el.removeEventListener('pointerleave', leave);
      el.removeEventListener('focusout', swapWhenFree);
      FIRST_INTERACTION.forEach((type) => window.removeEventListener(type, load));
    };
  }, [Tooltip]);

  if (Tooltip) return <Tooltip {...props}>{children}</Tooltip>;
  return cloneElement(children, { ref });
}
