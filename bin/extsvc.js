#!/usr/bin/env node
import { main } from '../dist/extsvc.mjs';

main(process.argv);
