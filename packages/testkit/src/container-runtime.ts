import { requestedMode, type StartMode } from './server-mode.ts';

let probe: Promise<boolean> | undefined;

/**
 * True when testcontainers finds a container runtime (Docker, Podman…) that answers within
 * `timeoutMs`. Asked once per process. testcontainers is imported only here and in the container
 * modes, so native runs never load the Docker client.
 */
export function containerRuntimeAnswers(timeoutMs = 3000): Promise<boolean> {
  probe ??= askRuntime(timeoutMs);
  return probe;
}

async function askRuntime(timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  const ask = import('testcontainers')
    .then(({ getContainerRuntimeClient }) => getContainerRuntimeClient())
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([ask, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves `auto` (from the option or `ROSTER_TESTKIT_MODE`) to `container` or `native`. */
export async function chooseMode(option: StartMode | undefined): Promise<'native' | 'container'> {
  const mode = requestedMode(option);
  if (mode !== 'auto') return mode;
  return (await containerRuntimeAnswers()) ? 'container' : 'native';
}
