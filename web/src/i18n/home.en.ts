/** English strings of Home (the personal dashboard) and its widget frame. Each module's widget keeps its own strings. */
const homeEn = {
  home: {
    seeAll: 'See all',
    widgetError: 'This could not be loaded.',
    welcome: 'Welcome, {{name}}',
    welcomeNoName: 'Welcome',
    intro: 'What needs you today, from every part of the portal.',
    widgets: 'Your overview',
    noWidgets: 'Nothing to show here yet.',
    meError: 'Home could not be loaded.',
  },
};

export default homeEn;
