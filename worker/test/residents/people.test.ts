import { describe, expect, it } from 'vitest'
import {
  addPerson,
  api,
  errorOf,
  personDetails,
  signInResident,
  submitApplication,
  validIdCardNumber,
} from '../helpers/resident.ts'
import { rows, snapshot } from './fixtures.ts'

interface PersonBody {
  id: string
  name: string
  nameMasked: string
  relationship: string
  document: { type: string; masked: string }
  status: string
  colour: string | null
  validUntil: number | null
  address: string
  workplace: string | null
}

describe('POST /people', () => {
  it('adds a dependant as a draft, answering the masked document only', async () => {
    const { token } = await signInResident()
    const number = validIdCardNumber()
    const res = await api<PersonBody>('/people', {
      token,
      body: personDetails({ document: { type: 'id_card', number } }),
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      name: '张三明',
      nameMasked: '张*明',
      relationship: 'child',
      document: { type: 'id_card', masked: `${number.slice(0, 4)}**********${number.slice(-4)}` },
      status: 'draft',
      colour: null,
      validUntil: null,
      workplace: null,
    })
    expect(JSON.stringify(res.body)).not.toContain(number)
  })

  it('stores the document sealed and hashed, never in the clear', async () => {
    const { token } = await signInResident()
    const number = validIdCardNumber()
    const person = await addPerson(token, { document: { type: 'id_card', number } })
    const [row] = await rows<Record<string, unknown>>(
      'SELECT * FROM people WHERE id = ?',
      person.id,
    )
    expect(JSON.stringify(row)).not.toContain(number)
    expect(JSON.stringify(row)).not.toContain(number.slice(4, 14))
    expect(row?.doc_enc).toMatch(/^v1\./)
    expect(row?.subject).toMatch(/^[A-Za-z0-9_-]{11}$/)
  })

  it('refuses a document that already belongs to anyone, in any account, with DOCUMENT_TAKEN', async () => {
    const first = await signInResident()
    const second = await signInResident()
    const number = validIdCardNumber()
    await addPerson(first.token, { document: { type: 'id_card', number } })
    const before = await snapshot()
    for (const token of [first.token, second.token]) {
      // Written differently (spaces, lowercase x) it is still the same document.
      const spaced = `${number.slice(0, 6)} ${number.slice(6, 14)} ${number.slice(14).toLowerCase()}`
      const res = await api('/people', {
        token,
        body: personDetails({ document: { type: 'id_card', number: spaced } }),
      })
      expect(res.status).toBe(409)
      expect(errorOf(res).code).toBe('DOCUMENT_TAKEN')
      expect(errorOf(res).message).not.toContain(number)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('accepts a household register number for a child without an ID card', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token, { document: { type: 'hukou', number: '330110 654321' } })
    expect(person.document).toEqual({ type: 'hukou', masked: '33********21' })
  })

  it('accepts passports and permits', async () => {
    const { token } = await signInResident()
    const suffix = String(Date.now() % 100_000_000).padStart(8, '0')
    for (const document of [
      { type: 'passport', number: `E${suffix}` },
      { type: 'hk_macao_permit', number: `H${suffix}` },
      { type: 'taiwan_permit', number: suffix },
    ] as const) {
      expect((await api('/people', { token, body: personDetails({ document }) })).status).toBe(201)
    }
  })

  it('allows one person with relationship self per account', async () => {
    const { token } = await signInResident()
    await addPerson(token, { relationship: 'self' })
    const res = await api('/people', { token, body: personDetails({ relationship: 'self' }) })
    expect(errorOf(res).code).toBe('CONFLICT')
    expect(
      (await api('/people', { token, body: personDetails({ relationship: 'parent' }) })).status,
    ).toBe(201)
  })

  it('names a wrong checksum and a future birth date, storing nothing', async () => {
    const { token } = await signInResident()
    const good = validIdCardNumber()
    const badCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`
    const future = validIdCardNumber({ birth: '20990101' })
    const before = await snapshot()
    const checksum = await api('/people', {
      token,
      body: personDetails({ document: { type: 'id_card', number: badCheck } }),
    })
    expect(checksum.status).toBe(400)
    expect(errorOf(checksum).fields).toEqual([
      { path: 'document.number', code: 'custom', message: 'ID card number checksum is wrong' },
    ])
    const unborn = await api('/people', {
      token,
      body: personDetails({ document: { type: 'id_card', number: future } }),
    })
    expect(errorOf(unborn).fields?.[0]?.message).toBe(
      'ID card number holds a birth date in the future',
    )
    expect(JSON.stringify([checksum.body, unborn.body])).not.toContain(badCheck)
    expect(await snapshot()).toEqual(before)
  })

  it('refuses bad details field by field', async () => {
    const { token } = await signInResident()
    const before = await snapshot()
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(51) }, 'name'],
      [{ address: '   ' }, 'address'],
      [{ address: 'a'.repeat(201) }, 'address'],
      [{ relationship: 'cousin' }, 'relationship'],
      [{ workplace: '' }, 'workplace'],
      [{ document: { type: 'id_card' } }, 'document.number'],
      [{ document: { type: 'licence', number: 'X' } }, 'document.type'],
      [{ document: { type: 'hk_macao_permit', number: 'H1234' } }, 'document.number'],
      [{ document: 'E12345678' }, 'document'],
    ]
    for (const [override, path] of cases) {
      const res = await api('/people', { token, body: { ...personDetails(), ...override } })
      expect(res.status, path).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
      expect(
        errorOf(res).fields?.map((f) => f.path),
        JSON.stringify(override),
      ).toContain(path)
    }
    expect(await snapshot()).toEqual(before)
  })
})

describe('GET /people and GET /people/:personId', () => {
  it("lists only the account's own people, in the order added, with status at a glance", async () => {
    const mine = await signInResident()
    const theirs = await signInResident()
    const a = await addPerson(mine.token, { name: '李四', relationship: 'self' })
    const b = await addPerson(mine.token, { name: '王小明' })
    await addPerson(theirs.token)
    await submitApplication(mine.token, b.id)

    const res = await api<{ people: PersonBody[] }>('/people', { token: mine.token })
    expect(res.status).toBe(200)
    expect(res.body.people.map((p) => [p.id, p.name, p.nameMasked, p.status])).toEqual([
      [a.id, '李四', '李*', 'draft'],
      [b.id, '王小明', '王*明', 'pending'],
    ])
  })

  it('reads one own person; another account gets 404, never 403', async () => {
    const owner = await signInResident()
    const stranger = await signInResident()
    const person = await addPerson(owner.token, { workplace: '余杭区人民医院' })
    const own = await api<PersonBody>(`/people/${person.id}`, { token: owner.token })
    expect(own.status).toBe(200)
    expect(own.body).toMatchObject({
      id: person.id,
      workplace: '余杭区人民医院',
      address: person.address,
    })

    const other = await api(`/people/${person.id}`, { token: stranger.token })
    expect(other.status).toBe(404)
    expect(errorOf(other).code).toBe('NOT_FOUND')
    const missing = await api('/people/nosuchperson0000', { token: owner.token })
    expect(missing.status).toBe(404)
    expect(errorOf(missing)).toEqual(errorOf(other))
  })
})

describe('PATCH /people/:personId', () => {
  it('changes address, workplace and relationship; null clears the workplace', async () => {
    const { token } = await signInResident()
    const person = await addPerson(token, { workplace: '旧单位' })
    const res = await api<PersonBody>(`/people/${person.id}`, {
      method: 'PATCH',
      token,
      body: { address: '新地址 2 号', workplace: null, relationship: 'grandparent' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      address: '新地址 2 号',
      workplace: null,
      relationship: 'grandparent',
    })
    expect((await api<PersonBody>(`/people/${person.id}`, { token })).body.address).toBe(
      '新地址 2 号',
    )
  })

  it('refuses name and document changes (they go through an application), empty patches and a second self', async () => {
    const { token } = await signInResident()
    await addPerson(token, { relationship: 'self' })
    const person = await addPerson(token)
    const before = await snapshot()
    for (const body of [
      { name: '改名' },
      { document: { type: 'passport', number: 'E12345678' } },
      {},
      { status: 'approved' },
    ]) {
      const res = await api(`/people/${person.id}`, { method: 'PATCH', token, body })
      expect(res.status).toBe(400)
      expect(errorOf(res).code).toBe('VALIDATION_FAILED')
    }
    const self = await api(`/people/${person.id}`, {
      method: 'PATCH',
      token,
      body: { relationship: 'self' },
    })
    expect(errorOf(self).code).toBe('CONFLICT')
    expect(await snapshot()).toEqual(before)
  })

  it("answers 404 for another account's person and changes nothing", async () => {
    const owner = await signInResident()
    const stranger = await signInResident()
    const person = await addPerson(owner.token)
    const before = await snapshot()
    const res = await api(`/people/${person.id}`, {
      method: 'PATCH',
      token: stranger.token,
      body: { address: '抢' },
    })
    expect(res.status).toBe(404)
    expect(errorOf(res).code).toBe('NOT_FOUND')
    expect(await snapshot()).toEqual(before)
  })
})
