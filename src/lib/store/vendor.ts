import { InvalidArchiveError } from './errors';
import { fail, ok, type Result } from './result';

/** Where vendored packages go; the Python engine puts `/app/site-packages` and each `*.whl` in it on `sys.path`. */
export const SITE_PACKAGES = 'site-packages';

// {distribution}-{version}(-{build})?-{python tag}-{abi tag}-{platform tag}.whl (PEP 427)
const WHEEL = /^([A-Za-z0-9_.]+)-([A-Za-z0-9_.!+]+)(?:-(\d[\w.]*))?-([\w.]+)-([\w.]+)-([\w.]+)\.whl$/;

/**
 * Checks that a wheel can run in the sandbox: a zip, named as PEP 427 says, and pure Python
 * (`none` ABI, `any` platform). Compiled wheels cannot load in CPython-on-WASI.
 */
export function checkWheel(fileName: string, bytes: Uint8Array): Result<void, InvalidArchiveError> {
  const match = WHEEL.exec(fileName);
  if (!match) return fail(new InvalidArchiveError(`"${fileName}" is not a wheel file name (name-version-python-abi-platform.whl)`));
  const [, , , , python, abi, platform] = match;
  if (abi !== 'none' || platform !== 'any') {
    return fail(
      new InvalidArchiveError(
        `"${fileName}" is a compiled wheel (${python}-${abi}-${platform}); only pure-Python wheels (…-none-any.whl) can run in the sandbox`,
      ),
    );
  }
  if (!python!.split('.').some((tag) => tag.startsWith('py3') || tag === 'py2.py3' || tag.startsWith('cp3'))) {
    return fail(new InvalidArchiveError(`"${fileName}" is for ${python}, not Python 3`));
  }
  if (bytes.byteLength < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    return fail(new InvalidArchiveError(`"${fileName}" is not a zip archive, so it is not a wheel`));
  }
  return ok(undefined);
}

/** Where an uploaded package file lands: wheels directly in site-packages, folders keep their relative path. */
export function vendorPath(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  return trimmed.startsWith(`${SITE_PACKAGES}/`) ? trimmed : `${SITE_PACKAGES}/${trimmed}`;
}
