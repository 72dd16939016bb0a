/**
 * A persona and an offer in a few words, for a CRM field, a CSV cell or a
 * command line: the persona's name (the one a person gave it, else the one
 * made from its traits) and the offer ("discount 10%").
 */
import type { Offer, PersonaEdits } from './types';

/** A persona's name as shown: the one a person gave it, else the one made from its traits. */
export function personaName(persona: { id: string; autoName: string }, edits: PersonaEdits): string {
  return edits[persona.id]?.name || persona.autoName;
}

/** An offer in a few words for a CRM field or a CSV cell: "discount 10%", "free shipping from 60". */
export function offerLabel(offer: Offer): string {
  switch (offer.kind) {
    case 'discount':
      return `discount ${Math.round((offer.level ?? 0) * 100)}%`;
    case 'free-shipping':
      return `free shipping from ${offer.threshold ?? ''}`;
    case 'creator-gift':
      return 'gifted product';
    case 'ambassador':
      return 'ambassador programme';
    case 'loyalty':
      return 'loyalty programme';
    case 'none':
      return 'no offer';
  }
}
