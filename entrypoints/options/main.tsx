import '@/components/styles.css';
import { mountPage } from '@/lib/ext/page';
import { App } from './App';

void mountPage(App);
