// The node:crypto signature check against jose's own verdict: for every asymmetric alg, valid, tampered and
// foreign signatures agree, and every case it does not check exactly as jose would is left to jose.
import t from 'tap';
import { createSign, KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK, type CryptoKey, type JWSHeaderParameters } from 'jose';
import { verifyOnNode } from '../../src/auth/node-signature.ts';
import { ASYMMETRIC_ALGORITHMS } from '../../src/auth/verify-signature.ts';
import { b64url, makeKey, sign, type TestKey } from './fixtures.ts';

/** jose's verdict: true, false (signature does not verify) or 'refused' (anything else it throws). */
async function joseVerdict(token: string, key: CryptoKey, alg: string): Promise<boolean | 'refused'> {
  try {
    await compactVerify(token, key, { algorithms: [alg] });
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' ? false : 'refused';
  }
}

const publicKeyOf = (key: TestKey, alg = key.alg) => importJWK(key.publicJwk, alg) as Promise<CryptoKey>;
const headerOf = (token: string) => decodeProtectedHeader(token) as JWSHeaderParameters;
/** The token with one character of its signature changed. */
const tamper = (token: string, at: number): string => {
  const i = token.lastIndexOf('.') + 1 + at;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
};

// Every algorithm the server accepts from key sets.
for (const alg of ASYMMETRIC_ALGORITHMS) {
  t.test(alg, async (t) => {
    const key = await makeKey(alg);
    const other = await makeKey(alg);
    const publicKey = await publicKeyOf(key);
    const token = await sign(key, { sub: 'node-path', aud: 'api' });

    t.equal(verifyOnNode(token, headerOf(token), publicKey), true, 'its own signature verifies');
    t.equal(verifyOnNode(token, headerOf(token), await publicKeyOf(other)), false, "another key's does not");
    const forged = await sign(other, { sub: 'node-path', aud: 'api' });
    t.equal(verifyOnNode(forged, headerOf(forged), publicKey), false, 'a token signed by another key is refused');

    // Every signature position changed, and the payload changed: node:crypto and jose agree each time.
    const signatureLength = token.length - token.lastIndexOf('.') - 1;
    let disagreements = 0;
    for (let at = 0; at < signatureLength; at += Math.max(1, Math.floor(signatureLength / 40))) {
      const bad = tamper(token, at);
      const node = verifyOnNode(bad, headerOf(bad), publicKey);
      if (node !== (await joseVerdict(bad, publicKey, alg))) disagreements++;
    }
    const [h, , s] = token.split('.');
    const otherPayload = `${h}.${b64url({ sub: 'someone-else', aud: 'api' })}.${s}`;
    t.equal(verifyOnNode(otherPayload, headerOf(otherPayload), publicKey), false, 'a changed payload does not verify');
    t.equal(await joseVerdict(otherPayload, publicKey, alg), false, '(jose agrees)');
    t.equal(disagreements, 0, 'tampered signatures: the same verdict as jose');
  });
}

t.test('cases it leaves to jose (undefined)', async (t) => {
  const rsa = await makeKey('RS256');
  const token = await sign(rsa);
  const header = headerOf(token);

  // A key imported for another algorithm: jose refuses the pairing, so must we (by asking jose).
  const asPss = await publicKeyOf(rsa, 'PS256');
  t.equal(verifyOnNode(token, header, asPss), undefined, 'RS256 token, key imported for PS256');
  t.equal(await joseVerdict(token, asPss, 'RS256'), 'refused', '(jose refuses it)');

  const p384 = await makeKey('ES384');
  const es256Token = `${b64url({ alg: 'ES256', kid: p384.kid })}.${token.split('.')[1]}.${token.split('.')[2]}`;
  t.equal(verifyOnNode(es256Token, headerOf(es256Token), await publicKeyOf(p384)), undefined, 'ES256 token, P-384 key');

  const small = await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  t.equal(verifyOnNode(token, header, small.publicKey as CryptoKey), undefined, 'an RSA key under 2048 bits');
  t.equal(await joseVerdict(token, small.publicKey as CryptoKey, 'RS256'), 'refused', '(jose refuses it)');

  t.equal(verifyOnNode(token, header, new TextEncoder().encode('a secret of at least 32 bytes....')), undefined, 'an HMAC secret');
  t.equal(verifyOnNode(token, { ...header, alg: 'HS256' }, await publicKeyOf(rsa)), undefined, 'an alg it does not cover');
  t.equal(verifyOnNode(token, { ...header, crit: ['exp'] }, await publicKeyOf(rsa)), undefined, 'a crit header');

  const publicKey = await publicKeyOf(rsa);
  const [h, p, s] = token.split('.') as [string, string, string];
  t.equal(verifyOnNode(`${h}.${p}.${s}==`, header, publicKey), undefined, 'base64 padding');
  t.equal(verifyOnNode(`${h}.${p}.${s}+/`, header, publicKey), undefined, 'base64 (not base64url) characters');
  // Signed as it stands, so only the payload's decoding can refuse it (jose checks the signature first).
  const oneOver = `${h}.${p.padEnd(p.length + ((5 - (p.length % 4)) % 4), 'A')}`;
  const signedOneOver = `${oneOver}.${createSign('RSA-SHA256')
    .update(oneOver)
    .sign(KeyObject.from(rsa.privateKey as never))
    .toString('base64url')}`;
  t.equal(verifyOnNode(signedOneOver, header, publicKey), undefined, 'a payload no base64 has (length 4n+1)');
  t.equal(await joseVerdict(signedOneOver, publicKey, 'RS256'), 'refused', '(jose refuses it)');
  t.equal(verifyOnNode(`${h}.${p}`, header, publicKey), undefined, 'two segments');
});
