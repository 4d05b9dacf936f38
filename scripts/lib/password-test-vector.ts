// One password hash that both sides must agree on: the Node script helper must produce
// `stored` from `password` and `salt`, and the Worker must accept `password` against it.
// `stored` was also checked with an independent implementation, Python's
// hashlib.pbkdf2_hmac('sha256', password, salt, 100000, 32).
export const PASSWORD_TEST_VECTOR = {
  password: 'Yuhang-绿码-2020!',
  /** 16 bytes, hex. */
  saltHex: '00112233445566778899aabbccddeeff',
  stored: 'pbkdf2-sha256$100000$ABEiM0RVZneImaq7zN3u_w$Vi9_FRjXHPmTGmH4wUggFbA412pV1YhZ7QZF9CLUTGc',
} as const
