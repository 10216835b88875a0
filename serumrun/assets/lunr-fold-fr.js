
/* serumrun: fold accents after stemming, so that "etape" finds "étape" and "serum"
   finds "sérum". Appended to Material's lunr.fr.min.js at build time
   (serumrun/hooks/theme.py); the query goes through the same pipeline. */
(function (lunr) {
  var fold = function (token) {
    return token.update(function (s) {
      return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    });
  };
  lunr.Pipeline.registerFunction(fold, "serumrunFoldAccentsFr");
  var french = lunr.fr;
  var folded = function () {
    french.call(this);
    this.pipeline.add(fold);
    this.searchPipeline.add(fold);
  };
  Object.keys(french).forEach(function (key) { folded[key] = french[key]; });
  lunr.fr = folded;
})(self.lunr);
