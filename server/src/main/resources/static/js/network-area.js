// Which of Fluvius' eight network areas ("netgebieden") supplies an address, from its Belgian postcode. The capacity
// tariff, the kWh network tariff and data management depend on it (energy's fluvius-network.csv).
//
// Source: Fluvius, "Nettarieven elektriciteit" — the eight areas and the municipalities in each (fluvius.be, tariff
// sheets per netgebied, 2026). The areas follow the former network companies (Imea, Iveka, Imewo, Intergem, Iverlek,
// Gaselwest, Sibelgas/PBE, Inter-energa), which rarely follow postcodes exactly: this table gives each postcode range
// its main area, so a municipality at an area's border may be in the neighbouring one. The form shows the area it
// derived and lets the household correct it from its bill ("netgebied" / "réseau"). Postcodes outside Flanders
// (Brussels 1000–1299, Wallonia) have no Fluvius area: null.

/** [first postcode, last postcode, area], in order. */
export const RANGES = [
  [1500, 1799, 'HALLE_VILVOORDE'], // Halle, Sint-Pieters-Leeuw, Dilbeek, Asse, Ternat
  [1800, 1999, 'HALLE_VILVOORDE'], // Vilvoorde, Grimbergen, Zaventem, Machelen
  [2000, 2199, 'ANTWERPEN'], //      Antwerpen and its districts
  [2200, 2499, 'KEMPEN'], //         Herentals, Turnhout, Mol, Geel
  [2500, 2799, 'ANTWERPEN'], //      Lier, Kontich, Mortsel, Hoboken
  [2800, 2899, 'ZENNE_DIJLE'], //    Mechelen, Bonheiden, Willebroek
  [2900, 2999, 'ANTWERPEN'], //      Schoten, Brasschaat, Kapellen
  [3000, 3499, 'ZENNE_DIJLE'], //    Leuven, Aarschot, Diest, Tienen
  [3500, 3999, 'LIMBURG'], //        Hasselt, Genk, Sint-Truiden, Maaseik
  [8000, 8999, 'WEST'], //           West Flanders: Brugge, Kortrijk, Roeselare, Ieper
  [9000, 9099, 'IMEWO'], //          Gent and around
  [9100, 9499, 'MIDDEN_VLAANDEREN'], // Sint-Niklaas, Dendermonde, Aalst, Ninove
  [9500, 9799, 'WEST'], //           Geraardsbergen, Zottegem, Oudenaarde
  [9800, 9999, 'IMEWO'], //          Deinze, Eeklo, Zelzate
];

/** The network area of a postcode ("9000" → "IMEWO"), or null when the table has none for it. */
export function areaOf(postalCode) {
  const code = Number.parseInt(String(postalCode ?? '').trim(), 10);
  if (!Number.isInteger(code)) return null;
  const range = RANGES.find(([first, last]) => code >= first && code <= last);
  return range ? range[2] : null;
}
