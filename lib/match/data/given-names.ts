/**
 * Given names common in the Netherlands and Flanders that the nickname lists
 * (nicknames.ts, diminutives.ts) do not already hold. Used only to tell a given
 * name from a surname or a word in a handle ("jannekebakt" = janneke + bakt),
 * never as evidence. From common knowledge of Dutch first-name popularity.
 */
export const COMMON_GIVEN_NAMES = `
femke fleur iris linda nienke noa lieke lisanne anouk britt demi eline esmee fenna ilse isa jasmijn joyce kiki
laura lynn maud merel milou nina puck renske romy sara sarah selma silke sterre tamara vera yara zoe
anne anneke annelies annemiek astrid bianca carla carolien chantal daphne dewi dorien elke elles evelien hilde
ineke irene jolanda karin kirsten leonie lianne loes marjolein marloes mirjam miriam nathalie patricia
rianne sabine sandra simone sonja suzanne wendy yvonne
arjen bart bas bob casper coen daan dennis dick dylan edwin emiel floris freek gerben gijs guus hidde
ivo jasper jelle jesse jochem joep jop jorn jurre kevin lars levi luuk marco mats max mees melvin milan
mike olaf pepijn quinten ramon remco rick robin roel roy ruben rutger sem siem stefan sven teun thom
thomas timo tom twan vincent wessel wouter youri
`;
