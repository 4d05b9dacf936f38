// The whole path, in headless Chromium, as people would walk it: a resident applies for
// themself and a child, a reviewer rejects one and approves the other, the resident
// resubmits and is approved, the QR on the page decodes to a code the edge accepts, the
// page rides out a network drop, the gate's camera, shown a screenshot of the page, opens its
// lane; an admin revokes, the page shows it, and the gate refuses that same screenshot.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildWeb } from '../../scripts/build-web.ts'
import { codeFromScannedText } from '../../shared/src/code/qr-text.ts'
import { startCameraGate, type CameraGate } from './harness/camera-gate.ts'
import { desktopContext, launchChromium, phoneContext } from './harness/chromium.ts'
import { screenshotCode } from './harness/code-screenshot.ts'
import { openSection, staffSignIn, staffToken } from './harness/console-steps.ts'
import { watchConsole, type ConsoleWatch } from './harness/console-watch.ts'
import { edgeApi, type EdgeApi } from './harness/edge-api.ts'
import { startTestEdge, TEST_CODE_TTL_SECONDS, type TestEdge } from './harness/edge.ts'
import { apiFieldMessage, expectBannerError, expectFieldError } from './harness/form-checks.ts'
import { hukouNumber, randomPhone, validIdCard, withWrongChecksum } from './harness/people-data.ts'
import { readQrTexts } from './harness/qr-reader.ts'
import {
  fillHealthyDeclaration,
  fillPerson,
  personIdIn,
  residentToken,
  signIn,
  submitApplication,
  visit,
} from './harness/resident-steps.ts'
import { saveFailure, snapBothWidths } from './harness/screens.ts'

const REJECT_REASON = '户口簿编号与住址不一致，请核对住址后重新提交'
const CODE_WAIT_MS = (TEST_CODE_TTL_SECONDS + 15) * 1000
/** The gate's camera lanes, each its own anti-passback group: where it opens, where it refuses. */
const ENTRY_LANE = 1
const AFTER_REVOCATION_LANE = 2

describe.sequential('the resident app and the staff console, end to end', () => {
  let edge: TestEdge
  let api: EdgeApi
  let browser: Browser
  const watches: ConsoleWatch[] = []
  const contexts: BrowserContext[] = []
  let resident: Page
  let residentContext: BrowserContext
  let residentWatch: ConsoleWatch
  let admin: Page
  let reviewer: Page
  let gate: CameraGate | undefined
  let shotBeforeRevocation: { path: string; png: Buffer }
  let textBeforeRevocation = ''

  const phone = randomPhone()
  const self = {
    name: '张三明',
    documentType: 'id_card',
    documentNumber: validIdCard('19860412'),
    address: '浙江省杭州市余杭区文一西路 1 号',
  }
  const child = {
    relationship: 'child',
    name: '张小明',
    documentType: 'hukou',
    documentNumber: hukouNumber(),
    address: '浙江省杭州市余杭区文一西路',
  }
  const reviewerAccount = { username: 'reviewer.browser', password: 'correct horse battery' }
  let selfId = ''
  let childId = ''
  let deviceCredential = ''

  const open = async (context: Promise<BrowserContext>) => {
    const made = await context
    contexts.push(made)
    watches.push(watchConsole(made))
    return made
  }

  beforeAll(async () => {
    await buildWeb()
    edge = await startTestEdge()
    api = edgeApi(edge.url)
    browser = await launchChromium()
    residentContext = await open(phoneContext(browser, edge.url))
    residentWatch = watches[0] as ConsoleWatch
    resident = await residentContext.newPage()
    admin = await (await open(desktopContext(browser, edge.url))).newPage()
    reviewer = await (await open(desktopContext(browser, edge.url))).newPage()
  })

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return
    for (const [name, page] of [
      ['resident', resident],
      ['admin', admin],
      ['reviewer', reviewer],
    ] as const) {
      await saveFailure(page, `${name}-${context.task.name}`).catch(() => {})
    }
  })

  afterAll(async () => {
    await gate?.stop()
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await edge?.dispose()
  })

  it('signs a resident in with an SMS code, showing the API’s words for a bad number', async () => {
    await resident.goto('/app/')
    await resident.waitForURL(/#\/login$/)
    await snapBothWidths(resident, 'resident-login')

    await resident.fill('[name=phone]', '12345')
    await resident.click('[data-action=send-code]')
    const refusal = await api.call('POST', '/auth/otp', { body: { phone: '12345' } })
    await expectFieldError(resident, 'phone', apiFieldMessage(refusal, 'phone'))

    await signIn(resident, api, phone)
    await snapBothWidths(resident, 'resident-people-empty')
  })

  it('adds the resident, refusing a wrong ID checksum in the API’s words, and applies', async () => {
    await resident.click('[data-action=add-self]')
    await fillPerson(resident, { ...self, documentNumber: withWrongChecksum(self.documentNumber) })
    await resident.click('[data-action=add-person]')
    const refusal = await api.call('POST', '/people', {
      token: await residentToken(resident),
      body: {
        name: self.name,
        document: { type: 'id_card', number: withWrongChecksum(self.documentNumber) },
        address: self.address,
        relationship: 'self',
      },
    })
    expect(apiFieldMessage(refusal, 'document.number')).toBe('ID card number checksum is wrong')
    await expectFieldError(resident, 'document.number', apiFieldMessage(refusal, 'document.number'))
    await snapBothWidths(resident, 'resident-add-person-error')

    await resident.fill('[name="document.number"]', self.documentNumber)
    await resident.click('[data-action=add-person]')
    await resident.waitForURL(/#\/people\/[^/]+\/apply$/)
    selfId = personIdIn(resident.url())

    await fillHealthyDeclaration(resident, '45')
    await resident.locator('[name=promise]').check()
    await resident.click('[data-action=submit-application]')
    const tooHot = await api.call('POST', `/people/${selfId}/applications`, {
      token: await residentToken(resident),
      body: {
        declaration: {
          temperatureCelsius: 45,
          symptoms: ['none'],
          regionsVisited: [],
          confirmedContact: false,
        },
      },
    })
    await expectFieldError(
      resident,
      'declaration.temperatureCelsius',
      apiFieldMessage(tooHot, 'declaration.temperatureCelsius'),
    )

    await resident.fill('[name="declaration.temperatureCelsius"]', '36.5')
    await snapBothWidths(resident, 'resident-apply')
    await submitApplication(resident, selfId)
  })

  it('adds a child with a household register number and applies for them', async () => {
    await visit(resident, '/app/#/people')
    await resident.click('[data-action=add-other]')
    await resident.selectOption('[name="document.type"]', 'hukou')
    await fillPerson(resident, child)
    await resident.click('[data-action=add-person]')
    await resident.waitForURL(/#\/people\/[^/]+\/apply$/)
    childId = personIdIn(resident.url())
    await fillHealthyDeclaration(resident, '36.6')
    await submitApplication(resident, childId)

    await visit(resident, '/app/#/people')
    await resident.locator(`[data-person-id="${childId}"][data-status=pending]`).waitFor()
    await resident.locator(`[data-person-id="${selfId}"][data-status=pending]`).waitFor()
    await snapBothWidths(resident, 'resident-people-pending')
  })

  it('lets the admin in (after the API’s refusal of a wrong password) and add a reviewer', async () => {
    await admin.goto('/console/')
    await admin.waitForURL(/#\/login$/)
    await snapBothWidths(admin, 'console-login')
    await admin.fill('[name=username]', edge.admin.username)
    await admin.fill('[name=password]', 'not the password at all')
    await admin.click('[data-action=login]')
    await expectBannerError(admin, 'staff-login', 'Wrong username or password')

    await staffSignIn(admin, edge.admin.username, edge.admin.password)
    await admin.waitForURL(/#\/dashboard$/)

    await openSection(admin, 'staff')
    await admin.fill('[name=username]', reviewerAccount.username)
    await admin.fill('[name=displayName]', '审核员小李')
    await admin.selectOption('[name=role]', 'reviewer')
    await admin.fill('[name=password]', 'short')
    await admin.click('[data-action=add-staff]')
    const weak = await api.call('POST', '/admin/staff', {
      token: await staffToken(admin),
      body: { username: 'someone.else', displayName: 'x', role: 'reviewer', password: 'short' },
    })
    await expectFieldError(admin, 'password', apiFieldMessage(weak, 'password'))

    await admin.fill('[name=password]', reviewerAccount.password)
    await admin.click('[data-action=add-staff]')
    await admin.locator(`tr[data-username="${reviewerAccount.username}"]`).waitFor()
    await snapBothWidths(admin, 'console-staff')
  })

  it('enrols a gate device for a new checkpoint, showing its credential once', async () => {
    await openSection(admin, 'checkpoints')
    await admin.fill('form[data-form=add-checkpoint] [name=name]', '地铁 3 号线文一路站')
    await admin.fill('form[data-form=add-checkpoint] [name=address]', '余杭区文一西路与良睦路口')
    await admin.click('[data-action=add-checkpoint]')
    const card = admin.locator('.checkpoint', { hasText: '地铁 3 号线文一路站' })
    await card.waitFor()
    await card.locator('[name=name]').fill('1 号闸机')
    await card.locator('[data-action=enrol]').click()
    const credential = card.locator('[data-credential]')
    await credential.waitFor()
    deviceCredential = (await credential.textContent()) ?? ''
    expect(deviceCredential).toMatch(/^gd_/)
    await card.locator('tr[data-device-id]').waitFor()
    await snapBothWidths(admin, 'console-checkpoints-enrolled')
  })

  it('offers a reviewer the queue only, and takes decisions from the keyboard', async () => {
    await reviewer.goto('/console/')
    await staffSignIn(reviewer, reviewerAccount.username, reviewerAccount.password)
    await reviewer.waitForURL(/#\/review$/)
    const sections = await reviewer
      .locator('[data-nav]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('data-nav')))
    expect(sections).toEqual(['review'])

    const items = reviewer.locator('.queue-item')
    await expect.poll(() => items.count()).toBe(2)
    const names = await items.evaluateAll((all) =>
      all.map((item) => item.getAttribute('data-person-name')),
    )
    expect([...names].sort()).toEqual([self.name, child.name].sort())
    await snapBothWidths(reviewer, 'console-review-queue')

    // j/k move to the child (both applied within seconds: either may be first); r opens the
    // rejection; Ctrl+Enter with no reason: the API refuses in its own words.
    await reviewer.keyboard.press(names[0] === child.name ? 'k' : 'j')
    const childItem = await reviewer
      .locator('.queue-item.selected')
      .getAttribute('data-application-id')
    expect(await reviewer.locator('.queue-item.selected').getAttribute('data-person-name')).toBe(
      child.name,
    )
    await reviewer.keyboard.press('r')
    await reviewer.locator('form[data-form=reject] textarea:focus').waitFor()
    await reviewer.keyboard.press('Control+Enter')
    const empty = await api.call('POST', `/review/applications/${childItem}/reject`, {
      token: await staffToken(reviewer),
      body: { reason: '' },
    })
    await expectFieldError(reviewer, 'reason', apiFieldMessage(empty, 'reason'))
    await reviewer.keyboard.type(REJECT_REASON)
    await snapBothWidths(reviewer, 'console-review-reject')
    await reviewer.keyboard.press('Control+Enter')
    await expect.poll(() => items.count()).toBe(1)

    // a opens the approval with the suggested colour; Enter confirms.
    await reviewer.locator('.queue-item.selected [data-suggested=green]').waitFor()
    await reviewer.keyboard.press('a')
    await reviewer.locator('[data-action=confirm-approve]:focus').waitFor()
    await reviewer.keyboard.press('Enter')
    await reviewer.locator('.queue .notice').waitFor()
    expect(await reviewer.locator('[data-review-status]').textContent()).toContain(self.name)

    // An admin's page is not offered, nor opened when asked for by address.
    await reviewer.goto('/console/#/staff')
    await reviewer.waitForURL(/#\/review$/)
  })

  it('shows the resident the approval and the rejection with its reason; they resubmit', async () => {
    await visit(resident, '/app/#/people')
    await resident
      .locator(`[data-person-id="${selfId}"][data-status=approved] [data-colour=green]`)
      .waitFor()
    await resident.locator(`[data-person-id="${childId}"][data-status=rejected]`).waitFor()
    await snapBothWidths(resident, 'resident-people-decided')

    await resident.click(`[data-person-id="${childId}"] .person-link`)
    expect(await resident.locator('[data-reject-reason]').textContent()).toBe(REJECT_REASON)
    await resident.locator('[data-history=events] li').first().waitFor()
    await snapBothWidths(resident, 'resident-person-rejected')

    await resident.click('[data-action=apply]')
    await resident.locator('[name=correctDetails]').check()
    await resident.fill('[name="details.document.number"]', child.documentNumber)
    await resident.fill('[name="details.address"]', '浙江省杭州市余杭区文一西路 1 号 2 单元')
    await fillHealthyDeclaration(resident, '36.4')
    await submitApplication(resident, childId)
  })

  it('lets the reviewer approve the resubmission', async () => {
    await reviewer.reload()
    const items = reviewer.locator('.queue-item')
    await expect.poll(() => items.count()).toBe(1)
    expect(await items.first().getAttribute('data-person-name')).toBe(child.name)
    await reviewer.keyboard.press('a')
    await reviewer.locator('[data-action=confirm-approve]:focus').waitFor()
    await reviewer.keyboard.press('Enter')
    await expect.poll(() => items.count()).toBe(0)
  })

  it('shows a QR that decodes to a code the edge verifies as valid, renewed without a reload', async () => {
    await visit(resident, `/app/#/people/${selfId}/code`)
    const view = resident.locator('.code-view')
    await resident.locator('.code-view[data-code-state=showing]').waitFor()
    expect(await resident.locator('[data-name-masked]').textContent()).toBe('张*明')
    await snapBothWidths(resident, 'resident-code')

    const shot = await screenshotCode(resident, 'code-self')
    const texts = await readQrTexts(shot.png)
    expect(texts).toHaveLength(1)
    expect(texts[0]).toMatch(/^GG:\/\d+$/)
    expect(await api.verify(texts[0] ?? '', deviceCredential)).toMatchObject({
      status: 200,
      body: { decision: 'pass', reason: 'OK', colour: 'green' },
    })

    await resident.evaluate(() => Object.assign(window, { stillThisPage: true }))
    const first = await resident.locator('.code-card').getAttribute('data-issued-at')
    await expect
      .poll(() => resident.locator('.code-card').getAttribute('data-issued-at'), {
        timeout: CODE_WAIT_MS,
      })
      .not.toBe(first)
    expect(await resident.evaluate(() => 'stillThisPage' in window)).toBe(true)
    expect(await view.getAttribute('data-code-state')).toBe('showing')
  })

  it('keeps the last code with an offline mark when the network drops, then blanks it', async () => {
    residentWatch.networkCut(true)
    await residentContext.setOffline(true)
    await resident.locator('.code-view[data-code-state=offline]').waitFor({ timeout: CODE_WAIT_MS })
    expect(await resident.locator('.qr-symbol').count()).toBe(1)
    await resident.locator('.code-banner.offline').waitFor()
    await snapBothWidths(resident, 'resident-code-offline')

    await resident.locator('.code-view[data-code-state=expired]').waitFor({ timeout: CODE_WAIT_MS })
    expect(await resident.locator('.qr-symbol').count()).toBe(0)
    await snapBothWidths(resident, 'resident-code-expired')

    await residentContext.setOffline(false)
    residentWatch.networkCut(false)
    await resident
      .locator('.code-view[data-code-state=showing] .qr-symbol')
      .waitFor({ timeout: 30_000 })
  })

  it('prints a pass for the child that the edge accepts as a printed pass', async () => {
    await visit(resident, `/app/#/people/${childId}/print`)
    await resident.click('[data-action=make-pass]')
    const pass = resident.locator('.printed-pass')
    await pass.waitFor()
    await snapBothWidths(resident, 'resident-printed-pass')
    const texts = await readQrTexts(await pass.locator('.qr-frame').screenshot())
    expect(texts).toHaveLength(1)
    const verdict = await api.verify(texts[0] ?? '', deviceCredential)
    expect(verdict.body).toMatchObject({ decision: 'pass', reason: 'OK', kind: 'printed' })

    // The gate reports in and records the child passing (and one refused scan).
    const subject = claimsOf(texts[0] ?? '').sub
    const token = deviceCredential
    expect(
      (
        await api.call('POST', '/device/heartbeat', {
          token,
          body: {
            version: 'browser-test',
            clock: Date.now(),
            feedSeq: 0,
            cacheAgeSeconds: 12,
            outboxDepth: 3,
            relays: [{ lane: 0, state: 'released' }],
            fireAlarm: false,
            alarms: ['CAMERA_OBSCURED'],
          },
        })
      ).status,
    ).toBe(200)
    const events = [
      {
        id: `bt-pass-${Date.now()}`,
        lane: 0,
        at: Date.now(),
        decision: 'pass',
        reason: 'OK',
        subject,
      },
      {
        id: `bt-refuse-${Date.now()}`,
        lane: 0,
        at: Date.now(),
        decision: 'refuse',
        reason: 'CODE_EXPIRED',
      },
    ]
    expect(
      (await api.call('POST', '/device/pass-events', { token, body: { events } })).status,
    ).toBe(200)
  })

  it('shows the admin the dashboard, device health and a previewed, confirmed colour change', async () => {
    await openSection(admin, 'dashboard')
    await admin.locator('[data-chart=passes]').waitFor()
    const passes = await admin
      .locator('[data-chart=passes] rect.bar')
      .evaluateAll((bars) =>
        bars.reduce((sum, bar) => sum + Number(bar.getAttribute('data-value')), 0),
      )
    expect(passes).toBe(1)
    await admin.locator('[data-chart=refusals]').waitFor()
    expect(await admin.locator('[data-tile=approved] strong').textContent()).toBe('2')
    await snapBothWidths(admin, 'console-dashboard')

    await openSection(admin, 'checkpoints')
    const device = admin.locator('tr[data-device-id]')
    await expect.poll(() => device.textContent()).toContain('CAMERA_OBSCURED')
    await snapBothWidths(admin, 'console-checkpoints')

    await openSection(admin, 'colour-change')
    await admin.selectOption('[name=colour]', 'yellow')
    await admin.click('[data-action=preview]')
    await expect.poll(() => admin.locator('[data-outcome]').textContent()).toMatch(/1/)
    await admin.click('[data-action=apply]')
    const exposure = await colourWindowOf(admin)
    const noReason = await api.call('POST', '/admin/colour-changes', {
      token: await staffToken(admin),
      body: { ...exposure, colour: 'yellow', confirm: true, reason: '' },
    })
    await expectFieldError(admin, 'reason', apiFieldMessage(noReason, 'reason'))
    await admin.fill('[name=reason]', '流调：与确诊病例同时段经过该站')
    await admin.click('[data-action=preview]')
    await admin.click('[data-action=apply]')
    await expect.poll(() => admin.locator('[data-outcome]').textContent()).toMatch(/1/)
    await snapBothWidths(admin, 'console-colour-change')

    await openSection(admin, 'audit')
    await admin.locator('tr[data-action]').first().waitFor()
    await snapBothWidths(admin, 'console-audit')

    await visit(resident, `/app/#/people/${childId}`)
    await resident.locator('.status-card [data-colour=yellow]').waitFor()
  })

  // The gate comes this late on purpose: its pass is an exposure at this checkpoint, which the
  // colour change above would have turned yellow, and its heartbeats would have replaced the
  // alarm the dashboard step looks for.
  it('opens a lane of the gate whose camera films a screenshot of the code page', async () => {
    // Started first: the code on the screenshot lives only TEST_CODE_TTL_SECONDS.
    gate = await startCameraGate({
      edgeUrl: edge.url,
      credential: deviceCredential,
      lanes: [ENTRY_LANE, AFTER_REVOCATION_LANE],
    })
    await visit(resident, `/app/#/people/${selfId}/code`)
    await resident.locator('.code-view[data-code-state=showing]').waitFor()
    shotBeforeRevocation = await screenshotCode(resident, 'code-before-revocation')
    const [text] = await readQrTexts(shotBeforeRevocation.png)
    textBeforeRevocation = text ?? ''
    expect((await api.verify(textBeforeRevocation, deviceCredential)).body.decision).toBe('pass')

    const entry = await gate.show(ENTRY_LANE, shotBeforeRevocation.path)

    expect(entry).toMatchObject({ verdict: 'pass', reason: 'OK' })
    await expect
      .poll(() => gate?.gate.relayMoves(ENTRY_LANE), { timeout: 5_000 })
      .toEqual([true, false])
  })

  it('revokes the resident; the page drops the code, the edge and the gate refuse it', async () => {
    const text = textBeforeRevocation
    expect(text).toMatch(/^GG:\/\d+$/)

    await openSection(admin, 'people')
    // The number goes in a POST body: request logs and browser history keep URLs.
    await admin.selectOption('[name=by]', 'doc')
    await admin.selectOption('[name="document.type"]', 'id_card')
    await admin.fill('[name="document.number"]', self.documentNumber)
    const byDocument = await searchRequest(admin)
    expect(byDocument).toEqual({
      method: 'POST',
      url: expect.not.stringContaining(self.documentNumber.slice(6, 14)) as string,
      body: { document: { type: 'id_card', number: self.documentNumber } },
    })
    await admin.locator(`[data-person-id="${selfId}"]`).waitFor()
    await admin.selectOption('[name=by]', 'phone')
    await admin.fill('[name=phone]', phone)
    const byPhone = await searchRequest(admin)
    expect(byPhone).toEqual({
      method: 'POST',
      url: expect.not.stringContaining(phone.slice(3)) as string,
      body: { phone },
    })
    expect(admin.url()).not.toContain(phone.slice(3))
    await admin.click(`[data-person-id="${selfId}"]`)
    await admin.locator('form[data-form=revoke]').waitFor()
    await snapBothWidths(admin, 'console-person')
    await admin.fill('form[data-form=revoke] [name=reason]', '核酸检测阳性，按规定赋码')
    await admin.click('[data-action=revoke]')
    await admin.click('[data-action=confirm-revoke]')
    await admin.locator('tr[data-event-status=revoked]').waitFor()

    await resident.locator('.code-view[data-code-state=refused]').waitFor({ timeout: 30_000 })
    expect(await resident.locator('.qr-symbol').count()).toBe(0)
    await snapBothWidths(resident, 'resident-code-revoked')
    expect((await api.verify(text, deviceCredential)).body).toMatchObject({
      decision: 'refuse',
      reason: 'CODE_REVOKED',
    })

    // The same screenshot at another lane, in its own anti-passback group: that rule has no say.
    const cameraGate = gate as CameraGate
    const { sub, iat } = claimsOf(text)
    await cameraGate.untilRevoked(sub, iat)
    const refusal = await cameraGate.show(AFTER_REVOCATION_LANE, shotBeforeRevocation.path)
    expect(refusal).toMatchObject({ verdict: 'refuse', reason: 'CODE_REVOKED' })
    expect(cameraGate.gate.relayMoves(AFTER_REVOCATION_LANE)).toEqual([])
    expect(cameraGate.gate.relayMoves(ENTRY_LANE)).toEqual([true, false])
    await cameraGate.stop()
  })

  it('switches to English with large, high-contrast text, still in the API’s words', async () => {
    await visit(resident, '/app/#/people')
    await resident.click('[data-setting=language]')
    await expect.poll(() => resident.locator('h1').textContent()).toBe('My people')
    await resident.click('[data-setting=largeText]')
    await resident.click('[data-setting=highContrast]')
    await resident.locator(`[data-person-id="${selfId}"][data-status=revoked]`).waitFor()
    await snapBothWidths(resident, 'resident-people-english-large-contrast')

    await resident.click('[data-action=add-other]')
    await fillPerson(resident, {
      ...child,
      name: '王五',
      documentType: 'id_card',
      documentNumber: '330110',
    })
    await resident.click('[data-action=add-person]')
    const refusal = await api.call('POST', '/people', {
      token: await residentToken(resident),
      body: {
        name: '王五',
        document: { type: 'id_card', number: '330110' },
        address: child.address,
        relationship: 'child',
      },
    })
    await expectFieldError(resident, 'document.number', apiFieldMessage(refusal, 'document.number'))
    expect(await resident.locator('.field-error .error-original').count()).toBe(0)

    await resident.click('[data-nav=account]')
    await resident.locator('[data-phone]').waitFor()
    await snapBothWidths(resident, 'resident-account')
  })

  it('logged no errors in any browser console', () => {
    for (const watch of watches) expect(watch.problems()).toEqual([])
  })
})

/** The pseudonymous subject and issue time (Unix s) inside a scanned code (signed, not secret). */
function claimsOf(scanned: string): { sub: string; iat: number } {
  const token = codeFromScannedText(scanned) ?? ''
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sub: string
    iat: number
  }
}

/** Submits the console's people search and answers how the request went out. */
async function searchRequest(page: Page) {
  const sent = page.waitForRequest((request) =>
    new URL(request.url()).pathname.startsWith('/admin/people'),
  )
  await page.click('[data-action=search]')
  const request = await sent
  return { method: request.method(), url: request.url(), body: request.postDataJSON() as unknown }
}

/** The window and checkpoint the colour-change form holds, as the API wants them. */
async function colourWindowOf(page: Page) {
  return page.evaluate(() => {
    const value = (name: string) =>
      (document.querySelector(`[name=${name}]`) as HTMLInputElement).value
    return {
      checkpointId: value('checkpointId'),
      from: Math.floor(new Date(value('from')).getTime() / 1000),
      to: Math.floor(new Date(value('to')).getTime() / 1000),
    }
  })
}
