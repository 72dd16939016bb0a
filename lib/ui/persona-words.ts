/**
 * The vocabulary personas are named in, in the interface language: the same
 * traits (lib/persona/names.ts) worded from locales/*.yml, so a Dutch or
 * Russian reader sees "Instagram-first thuisbakkers, veel bereik" where the
 * command line and the CRM get the English name. Topics a person added in the
 * settings keep the words they were given there.
 */
import type { NameWords } from '../persona';
import type { NumericFeature } from '../persona/features';
import type { Topic } from '../persona/settings';
import type { MessageKey, Text } from './text';

const NUMERIC_KEY: Record<NumericFeature, [MessageKey | null, MessageKey | null]> = {
  netValue: ['personas.traitNetValueHigh', 'personas.traitNetValueLow'],
  trend: ['personas.traitTrendHigh', 'personas.traitTrendLow'],
  pAlive: [null, null],
  recency: ['personas.traitRecencyHigh', 'personas.traitRecencyLow'],
  frequency: ['personas.traitFrequencyHigh', 'personas.traitFrequencyLow'],
  basket: ['personas.traitBasketHigh', 'personas.traitBasketLow'],
  costShare: ['personas.traitCostShareHigh', null],
  influence: ['personas.traitInfluenceHigh', null],
  reach: ['personas.traitReachHigh', null],
  sentiment: ['personas.traitSentimentHigh', 'personas.traitSentimentLow'],
  voice: ['personas.traitVoiceHigh', null],
};

/** The topics the product ships with have words in every language; others keep their own. */
const TOPIC_KEY: Record<string, MessageKey> = {
  delivery: 'personas.topicDelivery',
  service: 'personas.topicService',
  price: 'personas.topicPrice',
  quality: 'personas.topicQuality',
  packaging: 'personas.topicPackaging',
  baking: 'personas.topicBaking',
  family: 'personas.topicFamily',
};
const PEOPLE_KEY: Record<string, MessageKey> = {
  baking: 'personas.whoBaking',
  family: 'personas.whoFamily',
};
const LANGUAGE_KEY: Record<string, MessageKey> = { en: 'personas.languageEn', nl: 'personas.languageNl', ru: 'personas.languageRu' };

export function localWords(text: Text, topics: readonly Topic[]): NameWords {
  const { t } = text;
  const people = new Map(topics.map((topic) => [topic.id, topic.people ?? null]));
  return {
    numeric(feature, direction) {
      const key = NUMERIC_KEY[feature][direction === 'high' ? 0 : 1];
      return key ? t(key) : null;
    },
    negativeValue: t('personas.traitNegativeValue'),
    lead: (platform, who) => (platform && who ? t('personas.leadBoth', platform, who) : platform ? t('personas.leadPlatform', platform) : (who ?? '')),
    topic(topic) {
      const who = people.get(topic);
      if (who) return PEOPLE_KEY[topic] ? t(PEOPLE_KEY[topic]) : who;
      return t('personas.talkAbout', TOPIC_KEY[topic] ? t(TOPIC_KEY[topic]) : topic);
    },
    language: (code) => (LANGUAGE_KEY[code] ? t(LANGUAGE_KEY[code]) : t('personas.languageOther', code)),
    region: (region) => t('personas.region', region),
    country: (code) => t('personas.country', code),
    channel: (channel) => t('personas.channel', channel),
    typical: t('personas.typical'),
  };
}
