/**
 * Personas end to end with the sample data: the cards in the workspace, a
 * persona as the People filter, a renamed persona, and the persona arriving
 * at the stand-in CRM (test/crm-server). Screens are also pictured at the
 * side panel's 400 px in English, Dutch and Russian into $EARSHOT_SCREENSHOTS
 * (default test-results/personas, ignored by git) to be looked at.
 *
 * Needs a build whose manifest grants http://127.0.0.1/* (EARSHOT_E2E_CRM=1,
 * docs/crm-sync.md, "End-to-end tests").
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectHubSpotInOptions, expect, picture, sampleTest, sampleWorkspace, setLanguage } from './fixtures';
import { startCrmServer, type CrmServer } from '../crm-server/server';

const TOKEN = 'pat-e2e-token';
const OUT = resolve(process.env.EARSHOT_SCREENSHOTS ?? 'test-results/personas');

/** The contacts that carry a persona, by customer id: its id and name, each read from its own property in the stand-in's store. */
function personasAtCrm(server: CrmServer): Map<string, { persona: string; name: string }> {
  const found = new Map<string, { persona: string; name: string }>();
  for (const contact of Object.values(server.state.hubspot.contacts)) {
    const persona = contact.properties.earshot_persona_id;
    const name = contact.properties.earshot_persona;
    if (persona && name) found.set(contact.properties.earshot_customer_id ?? '', { persona, name });
  }
  return found;
}

sampleTest('persona cards with the sample data, a persona as the People filter, and its name at the CRM', async ({ openExtensionPage }) => {
  sampleTest.setTimeout(400_000);
  mkdirSync(OUT, { recursive: true });
  const server = await startCrmServer({ hubspotToken: TOKEN });
  try {
    const panel = await sampleWorkspace(openExtensionPage);

    // The cards: at least two personas, each named, sized and valued.
    await panel.goto(panel.url().replace(/#.*$/, '') + '#tab=personas');
    const cards = panel.getByRole('list', { name: 'Personas' }).locator('li.persona');
    await expect(cards.first()).toBeVisible({ timeout: 30_000 });
    expect(await cards.count()).toBeGreaterThanOrEqual(2);
    const first = cards.first();
    await expect(first.getByText(/^\d[\d,]* customers?$/)).toBeVisible();
    await expect(first.getByText(/^Lifetime value /)).toBeVisible();
    const size = Number((await first.getByText(/^\d[\d,]* customers?$/).innerText()).replace(/\D/g, ''));
    const firstId = (await first.locator('.badge').first().innerText()).trim();

    // What to spend, opened, with its curve; the value of every segment on request.
    await first.locator('details.spend > summary').click();
    await expect(first.getByRole('img', { name: /Profit per customer against yearly spend/ })).toBeVisible();
    await picture(panel, `${OUT}/personas-en.png`, { fullPage: true });
    await panel.getByText('Value per segment, persona and RFM group').click();
    const groups = panel.getByRole('list', { name: 'Engagement segment' });
    await expect(groups.getByRole('heading', { name: 'Misers' })).toBeVisible();
    await expect(groups.getByText(/^Personas:/).first()).toBeVisible();
    await picture(groups, `${OUT}/personas-segments-en.png`);

    // Renamed: the card, and in time the CRM, use the new name.
    await first.getByRole('button', { name: 'Rename' }).click();
    await first.getByRole('textbox', { name: `Name of persona ${firstId}` }).fill('Our bakers');
    await first.getByRole('button', { name: 'Save' }).click();
    await expect(panel.getByRole('heading', { name: /^Our bakers/ })).toBeVisible();

    // The persona as the People filter: as many people as the card has customers.
    await panel.getByRole('heading', { name: /^Our bakers/ }).locator('xpath=ancestor::li[1]').getByRole('button', { name: 'Show these customers in People' }).click();
    await expect(panel.getByRole('tab', { name: 'People' })).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByLabel('Persona')).toHaveValue(firstId);
    await expect(panel.getByRole('status').filter({ hasText: /people?$/ })).toHaveText(`${size.toLocaleString('en-GB')} ${size === 1 ? 'person' : 'people'}`);
    await picture(panel, `${OUT}/people-persona-en.png`);

    // The CRM: connecting queues the linked customers; each arrives with their persona.
    const options = await openExtensionPage('options.html');
    await connectHubSpotInOptions(options, server.url, TOKEN);
    await expect.poll(() => personasAtCrm(server).size, { timeout: 120_000 }).toBeGreaterThan(0);
    const atCrm = [...personasAtCrm(server).values()];
    expect(atCrm.every((p) => /^P\d+$/.test(p.persona) && p.name.length > 0)).toBe(true);
    // The persona travels in its own properties now, no longer inside the values text.
    expect(Object.values(server.state.hubspot.contacts).some((c) => /^persona(Name)?: /m.test(c.properties.earshot_values ?? ''))).toBe(false);
    const renamedAtCrm = atCrm.filter((p) => p.persona === firstId);
    if (renamedAtCrm.length > 0) expect(renamedAtCrm.every((p) => p.name === 'Our bakers')).toBe(true);
    expect(server.violations).toEqual([]);

    // The same screens in Dutch and Russian.
    for (const [language, title] of [
      ['nl', 'Persona’s'],
      ['ru', 'Персоны'],
    ] as const) {
      await setLanguage(panel, language);
      await panel.goto(panel.url().replace(/#.*$/, '') + '#tab=personas');
      await panel.reload();
      await expect(panel.getByRole('heading', { name: title, exact: true })).toBeVisible();
      const card = panel.getByRole('list', { name: title }).locator('li.persona').nth(1);
      await card.locator('details.spend > summary').click();
      await expect(card.locator('svg.spend-curve')).toBeVisible();
      await picture(panel, `${OUT}/personas-${language}.png`, { fullPage: true });
    }
  } finally {
    await server.stop();
  }
});
