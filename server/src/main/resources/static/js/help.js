// Help: the questions a Belgian household asks about Meterkast (the P1 port, Fluvius data, tariffs, the capacity
// tariff, Prepaid, what it does not do yet), each opening on its answer, and where to ask the rest.
import { t } from './i18n.js';

/** The questions, in order: help.q.<name> and help.a.<name> in the texts. */
export const QUESTIONS = ['p1', 'p1On', 'fluvius', 'noLive', 'tariff', 'capacity', 'prepaid', 'steer', 'data'];

export function render() {
  const list = document.getElementById('help-questions');
  list.replaceChildren(...QUESTIONS.map((name) => {
    const item = document.createElement('details');
    item.id = `help-${name}`;
    const question = document.createElement('summary');
    question.textContent = t(`help.q.${name}`);
    const answer = document.createElement('p');
    answer.textContent = t(`help.a.${name}`);
    item.append(question, answer);
    return item;
  }));
}
