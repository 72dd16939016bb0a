// Item counts read off each page by hand (not computed from the labels): top-level
// contributions and replies below them. The labels test holds each labels file to these.
export interface HandCount {
  top: number;
  replies: number;
  /** What was counted, in words. */
  counted: string;
}

export const EXPECTED_COUNTS: Record<string, HandCount> = {
  'holdout/ask-openstack': { top: 4, replies: 7, counted: '1 question + 3 answers; 3 + 1 + 3 comments (an eighth, empty one is the new-comment template)' },
  'holdout/goodreads': { top: 30, replies: 0, counted: '30 review cards, 30 Follow buttons' },
  'holdout/launchpad': { top: 10, replies: 0, counted: 'the report + comments #1-#9 (6 status-change blocks are not items)' },
  'holdout/lifehacker': { top: 4, replies: 8, counted: '4 threads (.branch), 12 replies in all' },
  'holdout/netzpolitik': { top: 36, replies: 38, counted: '36 depth-1 comments; 17 depth-2 + 10 depth-3 + 7 depth-4 + 4 depth-5' },
  'holdout/pikabu': { top: 15, replies: 45, counted: 'the story + 14 comments at data-indent 0; 45 at indent 1-10' },
  'holdout/stackoverflow': { top: 4, replies: 4, counted: '1 question + 3 answers; 4 comments' },
  'dev/blogger': { top: 24, replies: 0, counted: '24 cite.user names; every "Replies" thread is empty' },
  'dev/dealerrater': { top: 10, replies: 0, counted: '10 review-entry blocks, 10 "by <name>" lines' },
  'dev/disqus': { top: 15, replies: 35, counted: '50 li.post, 50 time-ago links; 15 at the top of the tree' },
  'dev/google-play': { top: 40, replies: 38, counted: '40 "gp:" review ids in ds:18; 38 replies by Dunzo Digital' },
  'dev/habr': { top: 5, replies: 6, counted: '"11" in the comments counter: 5 threads (gudvinr, ALexhha, zar0ku1, dragoangel, vesper-bot) + 6 replies' },
  'dev/hackernews': { top: 18, replies: 98, counted: 'the submission + 17 comments with indent 0; 98 indented (40 + 24 + 16 + 9 + 8 + 1)' },
  'dev/letterboxd': { top: 6, replies: 0, counted: '3 popular + 3 recent review cards' },
  'dev/livejournal': { top: 15, replies: 74, counted: '15 level-1 threads; 89 comments in all (91 threads less 2 "see more" stubs)' },
  'dev/metacritic': { top: 100, replies: 0, counted: '100 user reviews (critic teasers left out)' },
  'dev/reddit': { top: 99, replies: 99, counted: 'the link post + 98 top-level comments; 197 comments in all (198 data-author)' },
  'dev/scilogs': { top: 53, replies: 1, counted: '54 regular comments, one at depth-2 (the blog author); 5 widget miniatures left out' },
  'dev/somethingawful': { top: 40, replies: 0, counted: '40 table.post on page 3' },
  'dev/steam': { top: 18, replies: 0, counted: '10 most helpful + 8 recently posted, 18 "Posted:" dates' },
  'dev/youtube': { top: 20, replies: 15, counted: '20 ytd-comment-thread-renderer; 35 ytd-comment-renderer' },
  'dev/wptavern': { top: 4, replies: 9, counted: '"There are 13 comments": 4 top-level + 9 replies down to depth 4' },
};
