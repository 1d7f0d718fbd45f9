/** English strings of Home (the personal dashboard) and its widget frame. Each module's widget keeps its own strings. */
const homeEn = {
  home: {
    seeAll: 'See all',
    widgetError: 'This could not be loaded.',
  },
};

export default homeEn;
