import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { authorizationHeader, parseAuthorization, rfc3986, sign, signatureBaseString } from './oauth.js';

// RFC 5849 1.2: the photos example; the same base string, client and token credentials
// throughout, so the published signatures check base string, encoding and key together.
const CONSUMER = { key: 'dpf43f3p2l4k3l03', secret: 'kd94hf93k423kf44' };

describe('OAuth 1.0a signature base string and HMAC', () => {
  test('RFC 5849 1.2: temporary credentials request (POST, callback, empty token secret)', () => {
    const base = signatureBaseString('POST', 'https://photos.example.net/initiate', {
      realm: 'Photos',
      oauth_consumer_key: CONSUMER.key,
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '137131200',
      oauth_nonce: 'wIjqoS',
      oauth_callback: 'http://printer.example.com/ready',
    });
    assert.equal(sign(base, CONSUMER.secret, '', 'sha1'), '74KNZJeDHnMBp0EMJ9ZHt/XKycU=');
  });

  test('RFC 5849 1.2: token request with verifier', () => {
    const base = signatureBaseString('POST', 'https://photos.example.net/token', {
      realm: 'Photos',
      oauth_consumer_key: CONSUMER.key,
      oauth_token: 'hh5s93j4hdidpola',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '137131201',
      oauth_nonce: 'walatlh',
      oauth_verifier: 'hfdp7dh39dks9884',
    });
    assert.equal(sign(base, CONSUMER.secret, 'hdhd0244k9j7ao03', 'sha1'), 'gKgrFCywp7rO0OXSjdot/IHF7IU=');
  });

  test('RFC 5849 1.2: protected resource, query parameters signed, realm left out', () => {
    const oauth = {
      realm: 'Photos',
      oauth_consumer_key: CONSUMER.key,
      oauth_token: 'nnch734d00sl2jdk',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '137131202',
      oauth_nonce: 'chapoH',
    };
    const base = signatureBaseString('GET', 'http://photos.example.net/photos?file=vacation.jpg&size=original', oauth);
    assert.equal(
      base,
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal',
    );
    assert.doesNotMatch(base, /realm/);
    assert.equal(sign(base, CONSUMER.secret, 'pfkkdhi9sl3r4s00', 'sha1'), 'MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  });

  test('RFC 5849 3.4.1: encoding, duplicate names sorted by value, upper-case host, default port, empty values', () => {
    const base = signatureBaseString('post', 'HTTP://EXAMPLE.COM:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b', [
      // The form-encoded body parameters of the RFC example.
      ['c2', ''],
      ['a3', '2 q'],
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
      ['oauth_signature', 'djosJKDKJSD8743243%2Fjdk33klY%3D'],
    ]);
    assert.equal(
      base,
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  test('the OAuth 1.0a Appendix A photos request signed with HMAC-SHA256 matches the value other OAuth libraries publish', () => {
    const base = signatureBaseString('GET', 'http://photos.example.net/photos?file=vacation.jpg&size=original', {
      oauth_consumer_key: CONSUMER.key,
      oauth_token: 'nnch734d00sl2jdk',
      oauth_nonce: 'kllo9940pd9333jh',
      oauth_timestamp: '1191242096',
      oauth_signature_method: 'HMAC-SHA256',
      oauth_version: '1.0',
    });
    // Published by signet, oauth-ruby and TDOAuth for this request; also `openssl dgst -sha256 -hmac`.
    assert.equal(sign(base, CONSUMER.secret, 'pfkkdhi9sl3r4s00'), 'WVPzl1j6ZsnkIjWr7e3OZ3jkenL57KwaLFhYsroX1hg=');
    // SHA-1 of the same request is the Appendix A value, so only the hash differs.
    assert.equal(
      sign(base.replace('HMAC-SHA256', 'HMAC-SHA1'), CONSUMER.secret, 'pfkkdhi9sl3r4s00', 'sha1'),
      'tR3+Ty81lMeYAr/Fid0kMTYa/WM=',
    );
  });

  test('a NetSuite SuiteQL request: the documented base string, and a key whose secrets need encoding', () => {
    const base = signatureBaseString(
      'POST',
      'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=1000&offset=0',
      {
        oauth_consumer_key: 'ck',
        oauth_token: 'tk',
        oauth_nonce: 'n0nce',
        oauth_timestamp: '1700000000',
        oauth_signature_method: 'HMAC-SHA256',
        oauth_version: '1.0',
      },
    );
    assert.equal(
      base,
      'POST&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Fquery%2Fv1%2Fsuiteql&limit%3D1000%26oauth_consumer_key%3Dck%26oauth_nonce%3Dn0nce%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1700000000%26oauth_token%3Dtk%26oauth_version%3D1.0%26offset%3D0',
    );
    // Computed by hand: the key is enc(consumer secret) & enc(token secret).
    const expected = createHmac('sha256', 'c%20s%21&t%2Bs%2F').update(base).digest('base64');
    assert.equal(sign(base, 'c s!', 't+s/'), expected);
  });

  test('RFC 3986 encoding escapes what encodeURIComponent leaves alone, and keeps unreserved characters', () => {
    assert.equal(rfc3986("a b!*'()"), 'a%20b%21%2A%27%28%29');
    assert.equal(rfc3986('-._~'), '-._~');
    assert.equal(rfc3986('ä'), '%C3%A4');
  });
});

describe('Authorization header', () => {
  const creds = { realm: '1234567_SB1', consumerKey: 'ck', consumerSecret: 'cs', token: 'tk', tokenSecret: 'ts' };

  test('names the realm as given and every oauth parameter, HMAC-SHA256, and signs what it names', () => {
    const url = 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/invoice/42?expandSubResources=true';
    const header = authorizationHeader('GET', url, creds, { now: 1_700_000_000_123, nonce: 'abc123' });
    assert.match(
      header,
      /^OAuth realm="1234567_SB1", oauth_consumer_key="ck", oauth_token="tk", oauth_nonce="abc123", oauth_timestamp="1700000000", oauth_signature_method="HMAC-SHA256", oauth_version="1.0", oauth_signature="[^"]+"$/,
    );
    const fields = parseAuthorization(header)!;
    const { realm: _realm, oauth_signature, ...oauth } = fields;
    assert.equal(oauth_signature, sign(signatureBaseString('GET', url, oauth), 'cs', 'ts'));
  });

  test('a fresh nonce every time, so no two requests share one', () => {
    const a = parseAuthorization(authorizationHeader('GET', 'https://x.example/a', creds))!;
    const b = parseAuthorization(authorizationHeader('GET', 'https://x.example/a', creds))!;
    assert.notEqual(a.oauth_nonce, b.oauth_nonce);
    assert.ok(a.oauth_nonce!.length >= 16);
  });

  test('malformed headers parse to undefined instead of throwing', () => {
    assert.equal(parseAuthorization('Bearer abc'), undefined);
    assert.equal(parseAuthorization('OAuth realm="x", oauth_nonce="%E0%A4%A"'), undefined);
    assert.equal(parseAuthorization('OAuth oauth_nonce="a", oauth_nonce="b"'), undefined);
    assert.deepEqual(parseAuthorization('OAuth realm="1234567_SB1", oauth_token="t%2Bk"'), { realm: '1234567_SB1', oauth_token: 't+k' });
  });
});
