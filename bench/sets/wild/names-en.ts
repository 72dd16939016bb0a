/**
 * English names of the shop's British, Irish, American and expat customers.
 * Given names: common adult names in the UK and US with their everyday short
 * forms (Robert → Rob, Bob; Rebecca → Becky, Bex). Surnames: the most common
 * surnames of England and Wales, Ireland and the US with weights in bearers per
 * 10,000 (after the ONS / census rankings), then a long tail of English place
 * and trade names built from real elements (Ash-worth, Brad-shaw), because the
 * top 150 names cover only about a quarter of people.
 */
import { Weighted } from './rng';
import { givenNames, rareNames, type Surname } from './names';

export const ENGLISH_GIVEN = [
  ...givenNames(
    'm',
    [
      'James/Jim/Jimmy/Jamie|40|0.6',
      'John/Johnny/Jack|35|0.8',
      'David/Dave/Davey|40|0.6',
      'Michael/Mike/Mick/Mikey|35|0.55',
      'Robert/Rob/Bob/Bobby/Robbie|30|0.45',
      'William/Will/Bill/Billy/Liam|28|0.45',
      'Richard/Rich/Rick/Richie/Dick|25|0.5',
      'Thomas/Tom/Tommy|28|0.45',
      'Christopher/Chris/Kit|30|0.3',
      'Daniel/Dan/Danny|28|0.5',
      'Paul|20|1',
      'Mark|22|1',
      'Andrew/Andy/Drew|25|0.5',
      'Steven/Steve|18|0.5',
      'Stephen/Steve|12|0.5',
      'Peter/Pete|18|0.7',
      'Matthew/Matt|22|0.5',
      'Anthony/Tony/Ant|16|0.5',
      'Jonathan/Jon/Jonny|12|0.5',
      'Simon|10|1',
      'Benjamin/Ben/Benny|15|0.35',
      'Samuel/Sam/Sammy|14|0.35',
      'Joseph/Joe/Joey|16|0.45',
      'Edward/Ed/Eddie/Ted/Ned|10|0.45',
      'Oliver/Ollie/Olly|12|0.6',
      'Jack|14|1',
      'Henry/Harry/Hal|8|0.6',
      'Harry|10|1',
      'George|10|1',
      'Charles/Charlie/Chas/Chuck|10|0.4',
      'Liam|8|1',
      'Ryan|10|1',
      'Adam|10|1',
      'Alexander/Alex/Xander/Sandy|10|0.35',
      'Nicholas/Nick/Nicky|12|0.4',
      'Timothy/Tim/Timmy|9|0.3',
      'Gary|8|1',
      'Kevin/Kev|9|0.8',
      'Ian|9|1',
      'Stuart/Stu|6|0.8',
      'Gareth/Gaz|5|0.85',
      'Philip/Phil|8|0.5',
      'Patrick/Pat/Paddy|8|0.6',
      'Sean|7|1',
      'Connor|5|1',
      'Jason|7|1',
      'Lee|5|1',
      'Craig|6|1',
      'Scott|6|1',
      'Luke|8|1',
      'Nathan/Nate|7|0.7',
      'Jacob/Jake|7|0.5',
      'Joshua/Josh|9|0.4',
      'Aaron|5|1',
      'Mohammed|6|1',
      'Gregory/Greg|5|0.5',
      'Kenneth/Ken/Kenny|5|0.5',
      'Brian|7|1',
      'Keith|5|1',
      'Graham|5|1',
      'Neil|6|1',
      'Martin/Marty|8|0.85',
      'Alan|8|1',
      'Colin|5|1',
      'Terence/Terry|4|0.3',
      'Frederick/Fred/Freddie|5|0.4',
      'Raymond/Ray|4|0.5',
      'Theodore/Theo/Ted|3|0.4',
      'Zachary/Zach/Zack|3|0.5',
      'Eric|4|1',
    ],
    0.7,
  ),
  ...givenNames(
    'f',
    [
      'Sarah/Sara/Sally|30|0.85',
      'Emma/Em|25|0.9',
      'Elizabeth/Liz/Lizzie/Beth/Libby/Betty|25|0.45',
      'Mary/Molly/Polly|20|0.8',
      'Jennifer/Jen/Jenny/Jenn|20|0.45',
      'Patricia/Pat/Trish/Tricia|12|0.5',
      'Susan/Sue/Susie/Suzy|15|0.5',
      'Margaret/Maggie/Meg/Peggy/Mags|12|0.5',
      'Karen|12|1',
      'Lisa|15|1',
      'Jessica/Jess/Jessie|15|0.5',
      'Laura|15|1',
      'Rebecca/Becky/Becca/Bex|14|0.5',
      'Rachel|14|1',
      'Hannah|13|1',
      'Charlotte/Charlie/Lottie|13|0.7',
      'Emily/Em/Emmy|14|0.85',
      'Sophie/Soph|12|0.9',
      'Amy|13|1',
      'Lucy|12|1',
      'Katherine/Kate/Katie/Kathy/Kat|12|0.4',
      'Catherine/Cath/Cathy/Kate|10|0.5',
      'Victoria/Vicky/Tori|10|0.5',
      'Claire|12|1',
      'Helen|12|1',
      'Nicola/Nicky/Nic|10|0.6',
      'Joanne/Jo|9|0.5',
      'Michelle/Shelley|10|0.9',
      'Samantha/Sam/Sammy|10|0.5',
      'Amanda/Mandy|8|0.6',
      'Olivia/Liv/Livvy|10|0.7',
      'Grace|8|1',
      'Chloe|9|1',
      'Megan/Meg|9|0.8',
      'Jade|6|1',
      'Gemma|8|1',
      'Kelly|8|1',
      'Zoe/Zoë|7|0.8',
      'Louise/Lou|8|0.8',
      'Natalie/Nat|8|0.8',
      'Stephanie/Steph|8|0.5',
      'Deborah/Debbie/Deb|7|0.4',
      'Christine/Chris/Chrissie/Tina|8|0.6',
      'Julie|8|1',
      'Alison/Ali|7|0.8',
      'Angela/Angie|7|0.8',
      'Caroline/Carrie/Caz|7|0.8',
      'Anne/Annie|8|0.8',
      'Jane|8|1',
      'Ruth|5|1',
      'Heather|5|1',
      'Rose/Rosie|5|0.6',
      'Abigail/Abby/Abi|7|0.4',
      'Eleanor/Ellie/Nell/Nora|7|0.4',
      'Isabella/Bella/Izzy|6|0.5',
      'Alexandra/Alex/Lexi|6|0.5',
      'Jacqueline/Jackie|5|0.5',
      'Frances/Fran/Frankie|4|0.6',
      'Linda|6|1',
      'Barbara/Barb/Babs|5|0.8',
      'Danielle/Dani|5|0.7',
      'Kimberly/Kim|5|0.4',
      'Melissa/Mel/Missy|6|0.5',
      'Holly|5|1',
      'Lauren|6|1',
      'Siobhan|3|1',
      'Niamh|3|1',
      'Aoife|2|1',
      'Renée|1|1',
    ],
    0.7,
  ),
  ...rareNames(
    'm',
    `Arthur Albert Alfie Angus Archie Austin Barry Bernard Blake Bradley Callum Cameron Carl Clive Dale Darren Dean Declan
    Dominic Duncan Elliot Ethan Evan Felix Finlay Francis Gavin Geoffrey Gordon Grant Hamish Harvey Howard Hugh Isaac Jamal
    Jeremy Jordan Julian Karl Kieran Leon Lewis Logan Louis Malcolm Marcus Mason Max Miles Nigel Noah Owen Preston Quentin
    Reece Rhys Robin Roger Rory Roy Rupert Russell Seth Shane Spencer Stanley Toby Tristan Trevor Tyrone Vincent Wayne Wesley
    Imran Arjun Oisin Cian Kwame Hassan`,
    2,
  ),
  ...rareNames(
    'f',
    `Adele Alice Amber Annabel April Beatrice Bethany Bridget Brooke Camilla Carly Cara Chelsea Cheryl Clara Courtney Daisy
    Dawn Denise Donna Eden Eileen Elaine Eloise Erin Esme Eve Faye Felicity Fiona Florence Freya Georgia Gillian Gloria
    Harriet Hayley Imogen India Iris Isla Ivy Jasmine Jodie Josephine Joy Kayleigh Kirsty Layla Leah Leanne Lesley Lily
    Lorna Lydia Maisie Martha Matilda Maureen Maya Mia Miriam Naomi Nina Orla Paige Pamela Phoebe Poppy Rachael Robyn
    Rosemary Ruby Sadie Scarlett Shannon Sharon Sheila Sienna Stacey Tamsin Tara Tess Toni Valerie Vanessa Wendy Yvonne Zara
    Aaliyah Fatima Saoirse Ciara`,
    2,
  ),
];

/** Bearers per 10,000 people, rounded. */
const COMMON_SURNAMES = `Smith 126 Jones 85 Williams 65 Taylor 50 Brown 50 Davies 45 Evans 35 Wilson 33 Thomas 32 Johnson 30
Roberts 30 Robinson 25 Thompson 25 Wright 24 Walker 23 White 23 Edwards 22 Hughes 22 Green 21 Hall 21 Lewis 20
Harris 20 Clarke 19 Patel 19 Jackson 18 Wood 18 Turner 17 Martin 17 Cooper 17 Hill 16 Ward 16 Morris 16 Moore 16
Clark 15 Lee 15 King 15 Baker 15 Harrison 14 Morgan 14 Allen 14 James 14 Scott 13 Phillips 13 Watson 13 Davis 13
Parker 13 Price 12 Bennett 12 Young 12 Griffiths 12 Mitchell 12 Kelly 12 Cook 12 Carter 12 Richardson 11 Bailey 11
Collins 11 Bell 11 Shaw 11 Murphy 11 Miller 11 Cox 10 Richards 10 Khan 10 Marshall 10 Anderson 10 Simpson 10
Ellis 10 Adams 10 Singh 10 Wilkinson 9 Foster 9 Chapman 9 Powell 9 Webb 9 Rogers 9 Gray 9 Mason 9 Ali 9
Hunt 9 Hussain 8 Campbell 8 Matthews 8 Owen 8 Palmer 8 Holmes 8 Mills 8 Barnes 8 Knight 8 Lloyd 8 Butler 8
Russell 8 Barker 8 Fisher 7 Stevens 7 Jenkins 7 Murray 7 Dixon 7 Harvey 7 Graham 7 Pearson 7 Ahmed 7 Fletcher 7
Walsh 7 Gibson 7 Howard 7 Andrews 6 Stewart 6 Elliott 6 Reynolds 6 Saunders 6 Payne 6 Fox 6 Ford 6 Pearce 6
Day 6 Brooks 6 West 6 Lawrence 6 Cole 6 Atkinson 6 Bradley 6 Spencer 6 Gill 6 Dawson 5 Ball 5 Burton 5 O'Brien 5
Watts 5 Rose 5 Booth 5 Perry 5 Ryan 5 Grant 5 Wells 5 Armstrong 5 Francis 5 Rees 5 Hayes 5 Hart 5 Hudson 5
Newman 5 Barrett 5 Webster 5 Hunter 5 Gregory 5 Carr 5 Lowe 5 Page 5 Marsh 5 Riley 5 Dunn 5 Woods 5 Parsons 5
Berry 5 Stone 5 Reid 5 Holland 5 Hawkins 5 Harding 4 Porter 4 Robertson 4 Newton 4 Oliver 4 Reed 4 Kennedy 4
Williamson 4 Bird 4 Gardner 4 Shah 4 Dean 4 Lane 4 Cooke 4 Bates 4 Henderson 4 Parry 4 Burgess 4 Bishop 4 Walton 4
Burns 4 Nicholson 4 Shepherd 4 Ross 4 Cross 4 Long 4 Freeman 4 Warren 4 Nicholls 4 Hamilton 4 Byrne 4 Sutton 4
McDonald 4 Yates 4 Hodgson 4 Robson 4 Curtis 4 Hopkins 4 O'Connor 4 Harper 4 Coleman 4 Watkins 4 Moss 4
McCarthy 4 Chambers 4 O'Neill 4 Griffin 3 Sharp 3 Hardy 3 Wheeler 3 Potter 3 Osborne 3 Johnston 3 Gordon 3
Doyle 3 Wallace 3 George 3 Jordan 3 Hutchinson 3 Rowe 3 Burke 3 May 3 Pritchard 3 Gilbert 3 Willis 3 Higgins 3
Read 3 Miles 3 Stevenson 3 Stephenson 3 Hammond 3 Arnold 3 Buckley 3 Walters 3 Hewitt 3 Barber 3 Nelson 3
Slater 3 Austin 3 Sullivan 3 Whitehead 3 Mann 3 Frost 3 Lambert 3 Stephens 3 Blake 3 Akhtar 3 Lynch 3 Goodwin 3
Barton 3 Woodward 3 Thomson 3 Cunningham 3 Quinn 3 Barnett 3 Baxter 3 Clayton 3 Nash 3 Greenwood 3
Jennings 3 Holt 3 Kemp 3 Poole 3 Gallagher 3 Bond 3 Stokes 3 Tucker 3 Davidson 3 Fowler 3 Heath 3 Norman 3
Middleton 3 Lawson 3 Banks 3 French 3 Stanley 3 Jarvis 3 Gibbs 3 Ferguson 3 Hayward 3 Carroll 3 Farrell 3
Duncan 3 Sanders 3 O'Sullivan 3 MacDonald 3 MacLeod 2 McKenzie 2 O'Donnell 2 McLaughlin 2 Garcia 2 Rodriguez 2
Nguyen 2 Kowalski 2 Müller 1 D'Souza 1 Fitzgerald 2 Kavanagh 2`;

const TAIL_HEADS = `Ash Brad Whit Hol Shel Hart Crom Black Brom Hay Ather Sedg Tat Ark Bram Staf Lang Ald Wal Hal Brook Thorn Pick
Ross Kirk Mel Ox Chal Wick Brad Har Lin Bur Cal Dal Lock Mar Nor Pem Ram Sand Stan Wey Wood Win Ham Bar Bel Carl
Hawks Birk Fen Greg Raw Wad Whit Hey Ainsc Bick Crad Cros Dun Elm Farn Glad Grim Hamp Ing Kel Lax Mid Nut Oak
Pen Red Ship Tad Upt Bris Cotter Dray Egg Fair Gos Hen Ick Lid Mal Nott Ord Pat Quen Rud Sel Thack Ux Ven Wain Yard`;

const TAIL_TAILS = `worth ley ton ford field wood well by combe shaw stead ham bury hurst more dale wick ridge burn den sley thorpe
land brook cliffe ington ham ell er`;

let cached: Weighted<Surname> | undefined;

/** English surnames: the common ones by frequency, then the built tail sharing the rest. */
export function englishSurnames(): Weighted<Surname> {
  if (cached) return cached;
  const entries: [Surname, number][] = [];
  const tokens = COMMON_SURNAMES.split(/\s+/);
  let common = 0;
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const weight = Number(tokens[i + 1]);
    common += weight;
    entries.push([{ prefix: '', core: tokens[i] as string }, weight]);
  }
  const tail = new Set<string>();
  const have = new Set(entries.map(([s]) => s.core));
  for (const head of TAIL_HEADS.split(/\s+/)) {
    for (const end of TAIL_TAILS.split(/\s+/)) {
      const name = head + end;
      if (!have.has(name)) tail.add(name);
    }
  }
  // The common names hold about a quarter of bearers: the tail gets the other three quarters.
  const each = (common * 3) / tail.size;
  for (const name of tail) entries.push([{ prefix: '', core: name }, each]);
  cached = new Weighted(entries);
  return cached;
}
